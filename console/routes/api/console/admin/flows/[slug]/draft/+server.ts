import { json } from "@sveltejs/kit";
import { z } from "zod";
import { AdminError } from "../../../../../../../../bot/admin/adminError";
import { adminFlows, editorOf } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

/** GET: the open draft. PUT { definition, note? }: saves it (schema checked; audited). POST: opens a draft from the latest version. */
export const GET = consoleApi<{ slug: string }>("admin", async (event) => {
  const draft = await adminFlows().draft(event.params.slug);
  if (!draft) throw new AdminError("ADMIN_NO_DRAFT", `flow ${event.params.slug} has no open draft`);
  return json({ draft });
});

export const PUT = consoleApi<{ slug: string }>("admin", async (event, identity) => {
  const body = await readBody(event.request, z.object({ definition: z.unknown(), note: z.string().max(500).optional() }));
  return json(await adminFlows().saveDraft(event.params.slug, body.definition, editorOf(identity), body.note ?? "edited through the API"));
});

export const POST = consoleApi<{ slug: string }>("admin", async (event, identity) => json({ version: await adminFlows().createDraft(event.params.slug, editorOf(identity)) }, { status: 201 }));
