import { json } from "@sveltejs/kit";
import { readRequestSchema } from "$wire/console";
import { CodedError } from "$wire/errors";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleServices } from "$lib/server/consoleServices";

/** POST {seq}: the clinician has seen the case's conversation up to the patient's message `seq` (the queue's unread mark). */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) => {
  if (event.params.id.length > 64) throw new CodedError("CONSOLE_INVALID_REQUEST", "the case id is too long", { fields: "id" });
  const body = await readBody(event.request, readRequestSchema);
  await consoleServices().markRead(user.id, event.params.id, body.seq);
  return json({ ok: true });
});
