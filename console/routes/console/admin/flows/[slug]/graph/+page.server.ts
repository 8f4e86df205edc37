import { error } from "@sveltejs/kit";
import { admin } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { PageServerLoad } from "./$types";

/** The graph of the draft (or, without one, of the latest published version), problems pinned on their nodes. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const { flows, validate } = admin();
  const slug = event.params.slug;
  const draft = await flows.draft(slug);
  const latest = draft ? undefined : (await flows.versions(slug)).find((v) => v.status === "published");
  const definition = draft?.definition ?? (latest ? (await flows.published(slug, latest.version))?.definition : undefined);
  if (!definition) error(404, `No flow ${slug}`);
  const checked = validate(definition);
  return {
    slug,
    isDraft: draft !== undefined,
    flow: definition,
    problems: checked.ok ? [] : checked.problems.flatMap((p) => (p.node ? [{ node: p.node, message: p.message }] : [])),
    urgencyLabels: urgencyLabelsIn(consoleLocale(event)),
  };
};
