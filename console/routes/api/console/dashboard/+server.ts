import { json } from "@sveltejs/kit";
import { PERIODS, type Period } from "$wire/console";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleServices } from "$lib/server/consoleServices";

/** GET ?period=today|7d|30d: cases per urgency level, median wait and share taken within the SLA. */
export const GET = consoleApi("clinician", async ({ url }) => {
  const asked = url.searchParams.get("period") ?? "today";
  const period: Period = (PERIODS as readonly string[]).includes(asked) ? (asked as Period) : "today";
  return json(await consoleServices().dashboard(period));
});
