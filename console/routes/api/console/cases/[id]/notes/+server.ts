import { json } from "@sveltejs/kit";
import { noteRequestSchema } from "$wire/console";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST {text}: a clinician's note on the case (never shown to the patient). */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params, request }, { user }) => {
  const body = await readBody(request, noteRequestSchema);
  return json({ note: await consoleRuntime().cases.addNote(params.id, user, body.text) });
});
