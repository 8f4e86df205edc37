import { json } from "@sveltejs/kit";
import { closeRequestSchema } from "$wire/console";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";

/** POST {disposition, note?}: close the case; the patient gets the closing message in their language. */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) => {
  const body = await readBody(event.request, closeRequestSchema);
  return json({
    case: consoleServices().inLocale(await consoleServices().cases.close(event.params.id, user, body.disposition, body.note), consoleLocale(event)),
  });
});
