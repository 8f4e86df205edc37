import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** Countries whose numbers a call back may use (the deployments' countries: France, Morocco). */
export const CALL_BACK_COUNTRIES = ["FR", "MA"] as const satisfies readonly CountryCode[];
export type CallBackCountry = (typeof CALL_BACK_COUNTRIES)[number];

/** Longest input read: a number with spaces, dots or dashes and a +33/+212 prefix fits well within it. */
export const PHONE_MAX_LENGTH = 32;

export type ParsedPhone = { ok: true; e164: string; country: CallBackCountry } | { ok: false; reason: "too_long" | "invalid" | "country" };

/**
 * Given what the patient typed and the deployment's country (for numbers written without +33 or
 * +212), returns the number in E.164 if it is a valid French or Moroccan number, else why not.
 */
export function parseContactPhone(input: string, defaultCountry: CallBackCountry): ParsedPhone {
  if (input.length > PHONE_MAX_LENGTH) return { ok: false, reason: "too_long" };
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: "invalid" };
  const country = parsed.country;
  if (country !== "FR" && country !== "MA") return { ok: false, reason: "country" };
  return { ok: true, e164: parsed.number, country };
}

/** The number as the patient reads it back: only its last two digits (the page never needs more). */
export function maskPhone(e164: string): string {
  return `••• ${e164.slice(-2)}`;
}
