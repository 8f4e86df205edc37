import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";

/** POST: put the case back in the queue (its clinician only). */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) =>
  json({ case: consoleServices().inLocale(await consoleServices().cases.release(event.params.id, user), consoleLocale(event)) }),
);
