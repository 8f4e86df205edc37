import { URGENCY_LEVELS } from "../../../../../flows/urgency";
import { runtime } from "$lib/server/runtime";
import { guardPage } from "$lib/server/auth/guard";
import type { PageServerLoad } from "./$types";

/** The deployment's emergency numbers and hand-off SLAs, read-only (they come from the configuration). */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const config = runtime().config;
  return {
    country: config.country,
    numbers: config.emergencyNumbers.map((n) => ({ number: n.number, label: n.label })),
    sla: URGENCY_LEVELS.map((level) => ({ level, minutes: config.slaMinutes[level] ?? null })),
  };
};
