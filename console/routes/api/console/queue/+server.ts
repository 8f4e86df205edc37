import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** GET: open and in-progress cases, most urgent first. */
export const GET = consoleApi("clinician", async (event) => {
  const lang = consoleLocale(event);
  return json({ cases: (await consoleRuntime().cases.queue()).map((found) => consoleRuntime().inLocale(found, lang)), serverTime: new Date().toISOString() });
});
