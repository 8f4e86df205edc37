import { consoleApi } from "$lib/server/auth/consoleApi";
import { adminFlows, editorOf } from "$lib/admin/adminServices";

/** GET ?version=N|draft: the flow JSON as a download (audited). */
export const GET = consoleApi<{ slug: string }>("admin", async (event, identity) => {
  const asked = event.url.searchParams.get("version") ?? "draft";
  const version = asked === "draft" ? "draft" : Number(asked);
  const flow = await adminFlows().exportFlow(event.params.slug, version, editorOf(identity));
  const name = `${event.params.slug}-${asked === "draft" ? "draft" : `v${asked}`}.json`;
  return new Response(JSON.stringify(flow, null, 2), { headers: { "content-type": "application/json", "content-disposition": `attachment; filename="${name}"` } });
});
