import { errorAnswer } from "$wire/errors";
import { consoleServices } from "$lib/server/consoleServices";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { guardPage } from "$lib/server/auth/guard";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import { TIME_ZONE_COOKIE, parseTimeZone } from "$lib/time/timeZoneName";
import type { HistoryPageView, HistoryParams } from "../../../../bot/cases/caseHistory.js";
import type { PageServerLoad } from "./$types";

const FIELDS = ["q", "state", "urgency", "flow", "routing", "clinician", "from", "to", "after", "size"] as const;

/**
 * The cases history (clinicians and administrators): one page of every case, filtered and searched
 * in the database; the date filters are days in the clinician's time zone (their browser's, by cookie).
 */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "clinician");
  const lang = consoleLocale(event);
  const runtime = consoleServices();
  const params: HistoryParams = Object.fromEntries(FIELDS.map((key) => [key, event.url.searchParams.get(key)]));
  let page: HistoryPageView = { rows: [] };
  let invalid: { code: string; field: string; text: string } | undefined;
  try {
    page = await runtime.history(params, lang, parseTimeZone(event.cookies.get(TIME_ZONE_COOKIE)));
  } catch (error) {
    const coded = error as { code?: unknown; details?: { field?: unknown } };
    if (coded.code !== "CONSOLE_INVALID_REQUEST") throw error;
    // The field's own hint when the page has one, else the one table's text in the clinician's language.
    invalid = { code: coded.code, field: typeof coded.details?.field === "string" ? coded.details.field : "", text: errorAnswer(error, lang).text };
  }
  return { page, invalid, params, choices: await runtime.historyChoices(lang), urgencyLabels: urgencyLabelsIn(lang) };
};
