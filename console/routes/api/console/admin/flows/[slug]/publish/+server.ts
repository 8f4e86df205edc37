import { json } from "@sveltejs/kit";
import { z } from "zod";
import { admin, adminFlows, editorOf } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

/**
 * POST { note, revision }: publishes the draft whose revision (from GET draft; or If-Match) was
 * reviewed, when it validates and its test cases pass (409 ADMIN_TESTS_FAILED otherwise; 409
 * ADMIN_DRAFT_CONFLICT when the draft changed since that revision, issue 7).
 */
export const POST = consoleApi<{ slug: string }>("admin", async (event, identity) => {
  const body = await readBody(event.request, z.object({ note: z.string().min(1).max(500), revision: z.string().min(1).max(100).optional() }));
  const revision = body.revision ?? event.request.headers.get("if-match")?.replace(/^W\//, "").replace(/"/g, "");
  if (!revision) throw admin().refusal("ADMIN_REVISION_REQUIRED", "send the reviewed draft's revision (from GET draft) as If-Match or `revision`");
  const { record, diff } = await adminFlows().publish(event.params.slug, body.note, editorOf(identity), revision);
  return json({ version: record.version, diff }, { status: 201 });
});
