import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST: put the case back in the queue (its clinician only). */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) => json({ case: consoleRuntime().inLocale(await consoleRuntime().cases.release(event.params.id, user), consoleLocale(event)) }));
