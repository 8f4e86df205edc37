import { error } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { runtime } from "$lib/server/runtime";

/**
 * GET: the case's triage as a FHIR R4 Bundle (bot/fhir), downloaded as a file; clinicians and
 * administrators only, and every export is recorded in the admin audit chain.
 */
export const GET = consoleApi<{ id: string }>("clinician", async (event, identity) => {
  const fhir = runtime().fhir;
  if (!fhir) error(503, "FHIR export is not available in this process");
  const { sessionId, bundle } = await fhir.exportCase(event.params.id, { actor: identity.user.id, locale: consoleLocale(event) });
  return new Response(JSON.stringify(bundle, null, 2), {
    headers: {
      "content-type": "application/fhir+json; charset=utf-8",
      "content-disposition": `attachment; filename="triage-${sessionId.replace(/[^A-Za-z0-9-]/g, "")}.fhir.json"`,
      "cache-control": "no-store",
    },
  });
});
