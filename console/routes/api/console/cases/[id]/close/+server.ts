import { json } from "@sveltejs/kit";
import { closeRequestSchema } from "../../../../../../../bot/channels/web/consoleProtocol";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST {disposition, note?}: close the case; the patient gets the closing message in their language. */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params, request }, { user }) => {
  const body = await readBody(request, closeRequestSchema);
  return json({ case: await consoleRuntime().cases.close(params.id, user, body.disposition, body.note) });
});
