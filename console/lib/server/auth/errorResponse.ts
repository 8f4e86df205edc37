import { json, type RequestEvent } from "@sveltejs/kit";
import { httpErrorAnswer } from "$wire/errors";
import { consoleLocale } from "./consoleLocale";

/**
 * The console's HTTP door for errors: anything thrown as JSON `{ code, message, details }` through
 * the one table (bot/errorTexts.ts). An error outside the list answers a bare TRIAGE_INTERNAL 500,
 * and is written to stderr as SvelteKit would have (its message never reaches the page).
 */
export function errorResponse(thrown: unknown, event: Pick<RequestEvent, "cookies" | "request">, status?: number): Response {
  const answer = httpErrorAnswer(thrown, consoleLocale(event));
  if (answer.status >= 500 && answer.body.code === "TRIAGE_INTERNAL") console.error("console API: unexpected error", thrown);
  return json(answer.body, { status: status ?? answer.status });
}
