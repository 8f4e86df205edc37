import { ASSIST_DEFAULTS, SETTINGS_COUNTRIES, SLA_LEVELS } from "$wire/settings";
import { URGENCY_LEVELS } from "../../../flows/urgency";

/*
 * The settings form's fields are named after the setting's path ("slaMinutes.URGENT",
 * "emergencyNumbers.FR.0.label.fr"), so a refusal's path names the field to mark. Parsing is
 * the settings schema's job (bot/settings): this only gives the fields their shape.
 */

/** Most rows a country's list may post (the schema refuses more than its maximum). */
const MAX_ROWS = 10;

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

/** A minutes field as a number when it is one, else the text (the schema then refuses it). */
function minutes(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Given the posted settings form, returns the settings as submitted: blank number rows dropped. */
export function readSettingsForm(form: FormData): Record<string, unknown> {
  const emergencyNumbers = Object.fromEntries(
    SETTINGS_COUNTRIES.map((country) => {
      const rows = [];
      for (let i = 0; i < MAX_ROWS; i++) {
        const prefix = `emergencyNumbers.${country}.${i}`;
        const row = { number: field(form, `${prefix}.number`), label: { fr: field(form, `${prefix}.label.fr`), en: field(form, `${prefix}.label.en`) } };
        if (row.number.trim() || row.label.fr.trim() || row.label.en.trim()) rows.push(row);
      }
      return [country, rows];
    }),
  );
  const slaMinutes = Object.fromEntries(SLA_LEVELS.map((level) => [level, minutes(field(form, `slaMinutes.${level}`))]));
  const urgencyLabels = Object.fromEntries(
    URGENCY_LEVELS.map((level) => [level, { fr: field(form, `urgencyLabels.${level}.fr`), en: field(form, `urgencyLabels.${level}.en`) }]),
  );
  // Unticked boxes are not posted: "assist.shown" says the form had the switches at all.
  if (form.get("assist.shown") === null) return { emergencyNumbers, slaMinutes, urgencyLabels };
  const assist = Object.fromEntries(Object.keys(ASSIST_DEFAULTS).map((use) => [use, form.get(`assist.${use}`) === "on"]));
  return { emergencyNumbers, slaMinutes, urgencyLabels, assist };
}
