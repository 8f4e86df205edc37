import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST: take the case (atomic: 409 CONSOLE_CASE_TAKEN with the assignee's name for the loser). */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params }, { user }) => json({ case: await consoleRuntime().cases.claim(params.id, user) }));
