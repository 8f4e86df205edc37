import { json } from "@sveltejs/kit";
import { admin } from "$lib/admin/adminServices";
import { consoleApi } from "$lib/server/auth/consoleApi";

/** GET: the canned replies the reply box offers (any signed-in clinician). */
export const GET = consoleApi("clinician", async () => json({ replies: await admin().replies.list() }));
