import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** GET: every console account (administrators only; never a password hash). */
export const GET = consoleApi("admin", async () => json({ users: await consoleRuntime().users.list() }));
