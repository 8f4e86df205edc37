import { json } from "@sveltejs/kit";
import { z } from "zod";
import { admin, editorOf } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

/** GET: every canned reply; POST {title:{fr,en}, text:{fr,en}}: adds one (administrators; 422 ADMIN_INVALID_REPLY names the field refused). */
export const GET = consoleApi("admin", async () => json({ replies: await admin().replies.list() }));

export const POST = consoleApi("admin", async ({ request }, identity) => {
  const body = await readBody(request, z.unknown());
  return json({ reply: await admin().replies.add(body, editorOf(identity)) }, { status: 201 });
});
