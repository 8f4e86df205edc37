import { json } from "@sveltejs/kit";
import { urgencyRequestSchema } from "$wire/console";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";

/** POST {urgency, reason}: change the case's urgency, up or down, with a written reason. */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) => {
  const body = await readBody(event.request, urgencyRequestSchema);
  return json({
    case: consoleServices().inLocale(await consoleServices().cases.changeUrgency(event.params.id, user, body.urgency, body.reason), consoleLocale(event)),
  });
});
