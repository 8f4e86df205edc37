import { error } from "@sveltejs/kit";
import { admin } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import type { PageServerLoad } from "./$types";

/** The graph of the draft (or, without one, of the latest published version), problems marked. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const { flows, validate } = admin();
  const slug = event.params.slug;
  const draft = await flows.draft(slug);
  const latest = draft ? undefined : (await flows.versions(slug)).find((v) => v.status === "published");
  const definition = draft?.definition ?? (latest ? (await flows.published(slug, latest.version))?.definition : undefined);
  if (!definition) error(404, `No flow ${slug}`);
  const checked = validate(definition);
  return { slug, isDraft: draft !== undefined, flow: definition, problemNodes: checked.ok ? [] : checked.problems.flatMap((p) => (p.node ? [p.node] : [])) };
};
