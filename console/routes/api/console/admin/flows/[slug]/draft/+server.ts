import { json } from "@sveltejs/kit";
import { z } from "zod";
import { admin, adminFlows, editorOf } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

/**
 * GET: the open draft with its `revision` (also the ETag). PUT { definition, note?, revision? }:
 * saves it (schema checked; audited) only if the draft still has the revision sent, in the body or
 * as If-Match: otherwise 409 ADMIN_DRAFT_CONFLICT, so two editors never overwrite each other
 * silently (issue 7). POST: opens a draft from the latest version.
 */
export const GET = consoleApi<{ slug: string }>("admin", async (event) => {
  const draft = await adminFlows().draft(event.params.slug);
  if (!draft) throw admin().refusal("ADMIN_NO_DRAFT", `flow ${event.params.slug} has no open draft`);
  return json({ draft }, { headers: { etag: `"${draft.revision}"` } });
});

export const PUT = consoleApi<{ slug: string }>("admin", async (event, identity) => {
  const body = await readBody(
    event.request,
    z.object({ definition: z.unknown(), note: z.string().max(500).optional(), revision: z.string().min(1).max(100).optional() }),
  );
  const revision = body.revision ?? event.request.headers.get("if-match")?.replace(/^W\//, "").replace(/"/g, "");
  if (!revision) throw admin().refusal("ADMIN_REVISION_REQUIRED", "send the draft's revision (from GET) as If-Match or `revision`");
  return json(await adminFlows().saveDraft(event.params.slug, body.definition, editorOf(identity), body.note ?? "edited through the API", revision));
});

export const POST = consoleApi<{ slug: string }>("admin", async (event, identity) =>
  json({ version: await adminFlows().createDraft(event.params.slug, editorOf(identity)) }, { status: 201 }),
);
