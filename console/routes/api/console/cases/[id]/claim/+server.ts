import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST: take the case (atomic: 409 CONSOLE_CASE_TAKEN with the assignee's name for the loser). */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) => json({ case: consoleRuntime().inLocale(await consoleRuntime().cases.claim(event.params.id, user), consoleLocale(event)) }));
