import { URGENCY_LEVELS } from "../../../flows/urgency";
import type { ConsoleLocale, UrgencyLabels } from "$lib/console/i18n";
import { runtime } from "$lib/server/runtime";

/** The level labels in force now (the settings page renames them without a restart), in the reader's language. */
export function urgencyLabelsIn(lang: ConsoleLocale): UrgencyLabels {
  const labels = runtime().settings.current.urgencyLabels;
  return Object.fromEntries(URGENCY_LEVELS.map((level) => [level, labels[level][lang]])) as UrgencyLabels;
}
