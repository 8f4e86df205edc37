import { json } from "@sveltejs/kit";
import { z } from "zod";
import { admin, editorOf } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

/** PUT {title, text}: replaces a canned reply's wording; DELETE: removes it (administrators; 404 ADMIN_UNKNOWN_REPLY when gone). */
export const PUT = consoleApi<{ id: string }>("admin", async ({ params, request }, identity) => {
  const body = await readBody(request, z.unknown());
  return json({ reply: await admin().replies.change(params.id, body, editorOf(identity)) });
});

export const DELETE = consoleApi<{ id: string }>("admin", async ({ params }, identity) => {
  await admin().replies.remove(params.id, editorOf(identity));
  return json({ deleted: params.id });
});
