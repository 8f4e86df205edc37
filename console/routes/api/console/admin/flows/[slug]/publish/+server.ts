import { json } from "@sveltejs/kit";
import { z } from "zod";
import { adminFlows, editorOf } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

/** POST { note }: publishes the draft when it validates and its test cases pass (409 ADMIN_TESTS_FAILED otherwise). */
export const POST = consoleApi<{ slug: string }>("admin", async (event, identity) => {
  const body = await readBody(event.request, z.object({ note: z.string().min(1).max(500) }));
  const { record, diff } = await adminFlows().publish(event.params.slug, body.note, editorOf(identity));
  return json({ version: record.version, diff }, { status: 201 });
});
