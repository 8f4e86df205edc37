import { error } from "@sveltejs/kit";
import { admin } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import { runtime } from "$lib/server/runtime";
import type { PageServerLoad } from "./$types";

/** One flow version's analytics: started, finished, abandoned, urgency mix, and where patients stopped. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const { lang } = await event.parent();
  const slug = event.params.slug;
  const { flows } = admin();
  const [versions, usage] = await Promise.all([flows.versions(slug), flows.usageByVersion(slug)]);
  // Every version patients could run: the published ones and any a session pinned.
  const choices = [...new Set([...versions.filter((v) => v.status === "published").map((v) => v.version), ...usage.map((u) => u.version)])].sort(
    (a, b) => b - a,
  );
  if (choices.length === 0) error(404, `No published version of ${slug}`);
  const requested = Number(event.url.searchParams.get("version"));
  const version = choices.includes(requested) ? requested : choices[0]!;
  const { abandonedAfterMinutes, ...analytics } = await admin().analytics(slug, version, lang);
  return { slug, version, choices, analytics, abandonedAfterMinutes, urgencyLabels: runtime().settings.current.urgencyLabels };
};
