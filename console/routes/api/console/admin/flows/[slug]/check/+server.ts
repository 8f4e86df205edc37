import { json } from "@sveltejs/kit";
import { adminFlows } from "$lib/admin/adminServices";
import { consoleApi } from "$lib/server/auth/consoleApi";

/** POST: validates the draft and runs every test case of the flow against it. */
export const POST = consoleApi<{ slug: string }>("admin", async (event) => json(await adminFlows().checkDraft(event.params.slug)));
