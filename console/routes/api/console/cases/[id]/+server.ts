import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";

/** GET: the case page's content (transcript, answers, reasons, notes) in the console's language. */
export const GET = consoleApi<{ id: string }>("clinician", async (event) => json(await consoleServices().detail(event.params.id, consoleLocale(event))));
