import { admin } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import type { PageServerLoad } from "./$types";

/** The canned replies (administrators): add, edit, delete through /api/console/admin/replies. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  return { replies: await admin().replies.list(), limits: { title: 80, text: 2000 } };
};
