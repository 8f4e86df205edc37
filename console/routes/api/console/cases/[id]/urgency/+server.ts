import { json } from "@sveltejs/kit";
import { urgencyRequestSchema } from "../../../../../../../bot/channels/web/consoleProtocol";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST {urgency, reason}: change the case's urgency, up or down, with a written reason. */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params, request }, { user }) => {
  const body = await readBody(request, urgencyRequestSchema);
  return json({ case: await consoleRuntime().cases.changeUrgency(params.id, user, body.urgency, body.reason) });
});
