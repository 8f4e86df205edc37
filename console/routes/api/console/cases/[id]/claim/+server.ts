import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";

/** POST: take the case (atomic: 409 CONSOLE_CASE_TAKEN with the assignee's name for the loser). */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) =>
  json({ case: consoleServices().inLocale(await consoleServices().cases.claim(event.params.id, user), consoleLocale(event)) }),
);
