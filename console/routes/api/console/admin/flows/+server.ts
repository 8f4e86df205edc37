import { json } from "@sveltejs/kit";
import { adminFlows } from "$lib/admin/adminServices";
import { consoleApi } from "$lib/server/auth/consoleApi";

/** GET: every flow with its published version, draft and last 7 days' sessions (administrators only). */
export const GET = consoleApi("admin", async () => json({ flows: await adminFlows().overview() }));
