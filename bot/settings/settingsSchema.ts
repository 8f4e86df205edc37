import { z } from "zod";
import { DEFAULT_URGENCY_LABELS, URGENCY_LEVELS, type Urgency } from "../../flows/index.js";
import { loadEmergencyNumbers, type TriageConfig } from "../config/config.js";

/*
 * The deployment settings an administrator edits in the console (issue 7, "Settings"): emergency
 * numbers per country, the hand-off SLA of each level that opens a case, and the label of each
 * level. The deployment country stays in the environment (TRIAGE_COUNTRY), and the order of the
 * levels is fixed (DESIGN.md, "The urgency scale"): only texts and minutes are editable.
 */

/** The levels whose outcome opens a hand-off case, hence the ones with an SLA (bot/engine/decideHandoff.ts opensCase). */
export const SLA_LEVELS = ["EMERGENCY", "URGENT", "SOON"] as const satisfies readonly Urgency[];
export const SETTINGS_COUNTRIES = ["FR", "MA"] as const;
/** A day: the slowest level (SOON) means "same day". */
export const MAX_SLA_MINUTES = 1440;
export const MAX_NUMBERS_PER_COUNTRY = 5;

const labelText = z.string().trim().min(1, "required").max(80, "too_long");
const localLabel = z.object({ fr: labelText, en: labelText });

const emergencyNumber = z.object({
  number: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ]{0,14}$/, "bad_number"),
  label: localLabel,
});
const numberList = z.array(emergencyNumber).min(1, "at_least_one").max(MAX_NUMBERS_PER_COUNTRY, "too_many");
const slaMinutes = z.number({ error: "whole_minutes" }).int("whole_minutes").min(1, "min_minutes").max(MAX_SLA_MINUTES, "max_minutes");

/** The codes a refused field carries (the console words them in fr and en: adminTexts settings.errors). */
export const SETTING_ERROR_CODES = ["required", "too_long", "bad_number", "at_least_one", "too_many", "whole_minutes", "min_minutes", "max_minutes"] as const;
export type SettingErrorCode = (typeof SETTING_ERROR_CODES)[number];

/** One schema per stored key: a key is written and read as a whole. */
export const SETTING_SCHEMAS = {
  emergencyNumbers: z.object({ FR: numberList, MA: numberList }),
  slaMinutes: z.object({ EMERGENCY: slaMinutes, URGENT: slaMinutes, SOON: slaMinutes }),
  urgencyLabels: z.object({ EMERGENCY: localLabel, URGENT: localLabel, SOON: localLabel, ROUTINE: localLabel, SELF_CARE: localLabel }),
  /** Each use of the optional LLM assist (bot/llm), on or off; none applies while LLM_BASE_URL and LLM_MODEL are unset. */
  assist: z.strictObject({
    caseSummary: z.boolean(),
    complaintSuggestions: z.boolean(),
    answerParsing: z.boolean(),
    liveTranslation: z.boolean().default(true),
  }),
};

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];

/** Every use on once the endpoint is configured: configuring LLM_BASE_URL is the deployer's opt-in. */
export const ASSIST_DEFAULTS = { caseSummary: true, complaintSuggestions: true, answerParsing: true, liveTranslation: true } as const;
export type AssistSwitches = z.infer<(typeof SETTING_SCHEMAS)["assist"]>;

/** Everything editable at once: what the settings form submits. */
export const deploymentSettingsSchema = z.object(SETTING_SCHEMAS);
export type DeploymentSettings = z.infer<typeof deploymentSettingsSchema>;

/** Given the configuration, returns today's values: the environment's SLAs, the numbers file, the built-in labels. */
export function defaultSettings(config: Pick<TriageConfig, "country" | "emergencyNumbers" | "slaMinutes">): DeploymentSettings {
  const numbers = (country: (typeof SETTINGS_COUNTRIES)[number]) => (country === config.country ? config.emergencyNumbers : loadEmergencyNumbers(country));
  return {
    emergencyNumbers: { FR: numbers("FR"), MA: numbers("MA") },
    slaMinutes: { EMERGENCY: config.slaMinutes.EMERGENCY ?? 5, URGENT: config.slaMinutes.URGENT ?? 15, SOON: config.slaMinutes.SOON ?? 240 },
    urgencyLabels: Object.fromEntries(URGENCY_LEVELS.map((level) => [level, { ...DEFAULT_URGENCY_LABELS[level] }])) as DeploymentSettings["urgencyLabels"],
    assist: { ...ASSIST_DEFAULTS },
  };
}
