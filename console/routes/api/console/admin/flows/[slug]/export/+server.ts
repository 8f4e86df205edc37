import { consoleApi } from "$lib/server/auth/consoleApi";
import { adminFlows, editorOf } from "$lib/admin/adminServices";

/** GET ?version=N|draft: the flow JSON as a download (audited); without a version, the open draft or else the latest published version. */
export const GET = consoleApi<{ slug: string }>("admin", async (event, identity) => {
  const flows = adminFlows();
  const latest = async () => String((await flows.versions(event.params.slug)).find((v) => v.status === "published")?.version ?? "draft");
  const asked = event.url.searchParams.get("version") ?? ((await flows.draft(event.params.slug)) ? "draft" : await latest());
  const version = asked === "draft" ? "draft" : Number(asked);
  const flow = await flows.exportFlow(event.params.slug, version, editorOf(identity));
  const name = `${event.params.slug}-${asked === "draft" ? "draft" : `v${asked}`}.json`;
  return new Response(JSON.stringify(flow, null, 2), {
    headers: { "content-type": "application/json", "content-disposition": `attachment; filename="${name}"` },
  });
});
