import { json } from "@sveltejs/kit";
import { CodedError } from "$wire/errors";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";
import { runtime } from "$lib/server/runtime";

/**
 * POST {}: makes the case's summary again, now, in the clinician's language (LLM assist). 409
 * ASSIST_OFF when the assist is not configured or turned off; 503 ASSIST_UNAVAILABLE when the
 * model gave nothing usable (details.reason: the code, never its output).
 */
export const POST = consoleApi<{ id: string }>("clinician", async (event, { user }) => {
  const found = await consoleServices().cases.get(event.params.id);
  const summaries = runtime().assist?.summaries;
  if (!summaries) throw new CodedError("ASSIST_OFF", "the LLM assist is not configured");
  const result = await summaries.generate(found.sessionId, consoleLocale(event), "requested", user.id);
  if (result.ok) return json({ summary: result.summary });
  if (result.reason === "off") throw new CodedError("ASSIST_OFF", "case summaries are turned off");
  throw new CodedError("ASSIST_UNAVAILABLE", "no summary could be made", { reason: result.reason });
});
