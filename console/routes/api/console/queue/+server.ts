import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";

/** GET: open and in-progress cases, most urgent first. */
export const GET = consoleApi("clinician", async (event) => {
  const lang = consoleLocale(event);
  return json({ cases: (await consoleServices().cases.queue()).map((found) => consoleServices().inLocale(found, lang)), serverTime: new Date().toISOString() });
});
