import { consoleRuntime } from "$lib/server/auth/consoleRuntime";
import { guardPage } from "$lib/server/auth/guard";
import type { PageServerLoad } from "./$types";

/** The console's accounts, read-only (administrators only; managing them is the admin pages' job). */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  return { users: await consoleRuntime().users.list() };
};
