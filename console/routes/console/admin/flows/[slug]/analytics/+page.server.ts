import { error } from "@sveltejs/kit";
import { dropOffQuestions } from "../../../../../../../bot/admin/dropOffQuestions";
import { ABANDONED_AFTER_MINUTES, flowVersionAnalytics } from "../../../../../../../bot/admin/flowVersionAnalytics";
import { adminFlows, adminStore } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import { runtime } from "$lib/server/runtime";
import type { PageServerLoad } from "./$types";

/** One flow version's analytics: started, finished, abandoned, urgency mix, and where patients stopped. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const { lang } = await event.parent();
  const slug = event.params.slug;
  const flows = adminFlows();
  const [versions, usage] = await Promise.all([flows.versions(slug), flows.usageByVersion(slug)]);
  // Every version patients could run: the published ones and any a session pinned.
  const choices = [...new Set([...versions.filter((v) => v.status === "published").map((v) => v.version), ...usage.map((u) => u.version)])].sort((a, b) => b - a);
  if (choices.length === 0) error(404, `No published version of ${slug}`);
  const requested = Number(event.url.searchParams.get("version"));
  const version = choices.includes(requested) ? requested : choices[0]!;
  const store = adminStore();
  const analytics = await flowVersionAnalytics(store, slug, version, new Date());
  const dropOff = await dropOffQuestions(analytics.dropOff, async (s, v) => (await store.flowVersion(s, v))?.definition, lang);
  return { slug, version, choices, analytics: { ...analytics, dropOff }, abandonedAfterMinutes: ABANDONED_AFTER_MINUTES, urgencyLabels: runtime().settings.current.urgencyLabels };
};
