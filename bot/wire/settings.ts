/** The settings form's fixed vocabulary: which levels have an SLA, the countries, the assist's defaults ($wire/settings). */
export { ASSIST_DEFAULTS, SETTINGS_COUNTRIES, SLA_LEVELS } from "../settings/settingsSchema.js";
