import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** POST: put the case back in the queue (its clinician only). */
export const POST = consoleApi<{ id: string }>("clinician", async ({ params }, { user }) => json({ case: await consoleRuntime().cases.release(params.id, user) }));
