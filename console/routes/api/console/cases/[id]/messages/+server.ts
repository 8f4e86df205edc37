import { json } from "@sveltejs/kit";
import { messageRequestSchema } from "$wire/console";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleServices } from "$lib/server/consoleServices";

/** POST {text, clientMessageId, emergency?}: a message to the patient from the case's clinician (idempotent by clientMessageId); `emergency` sends it with the call buttons and raises the case. */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params, request }, { user }) => {
  const body = await readBody(request, messageRequestSchema);
  return json({
    messages: await consoleServices().cases.sendMessage(params.id, user, body.text, body.clientMessageId, body.emergency ? { emergency: true } : {}),
  });
});
