import { redirect } from "@sveltejs/kit";
import { guardPage } from "$lib/server/auth/guard";
import type { PageServerLoad } from "./$types";

/** The administration area (administrators only); its first page is the users list. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  redirect(303, "/console/admin/users");
};
