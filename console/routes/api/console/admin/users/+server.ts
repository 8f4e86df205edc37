import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleServices } from "$lib/server/consoleServices";

/** GET: every console account (administrators only; never a password hash). */
export const GET = consoleApi("admin", async () => json({ users: await consoleServices().users.list() }));
