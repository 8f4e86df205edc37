import { json } from "@sveltejs/kit";
import { noteRequestSchema } from "$wire/console";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleServices } from "$lib/server/consoleServices";

/** POST {text}: a clinician's note on the case (never shown to the patient). */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params, request }, { user }) => {
  const body = await readBody(request, noteRequestSchema);
  return json({ note: await consoleServices().cases.addNote(params.id, user, body.text) });
});
