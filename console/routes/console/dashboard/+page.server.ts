import { PERIODS, type Period } from "$wire/console";
import { consoleServices } from "$lib/server/consoleServices";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { guardPage } from "$lib/server/auth/guard";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { PageServerLoad } from "./$types";

/** Figures per urgency level for today, 7 or 30 days (?period=). */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "clinician");
  const asked = event.url.searchParams.get("period") ?? "today";
  const period: Period = (PERIODS as readonly string[]).includes(asked) ? (asked as Period) : "today";
  return { stats: await consoleServices().dashboard(period), urgencyLabels: urgencyLabelsIn(consoleLocale(event)) };
};
