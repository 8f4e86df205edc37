import type { AnswerValue } from "../compile/flowContext.js";
import { normaliseText } from "../logic/evaluateCondition.js";
import type { Question } from "../schema/flowSchema.js";

/**
 * The answer "don't know" to a duration (or a number whose flow allows it). Conditions read it as
 * unknown and, unlike a skipped question, take it the way that is more urgent (flows/compile/holdsIn.ts):
 * a patient who cannot say how long never bypasses a time-based red flag.
 */
export const DONT_KNOW = "dont_know";

// Typed as patients write it, accents and punctuation ignored ("Je sais pas", "I don't know", "nsp").
const DONT_KNOW_WORDS = new Set([
  "dont_know",
  "je ne sais pas",
  "je sais pas",
  "ne sais pas",
  "sais pas",
  "jsp",
  "nsp",
  "aucune idee",
  "pas sur",
  "pas sure",
  "inconnu",
  "i dont know",
  "dont know",
  "do not know",
  "i do not know",
  "idk",
  "not sure",
  "unknown",
  "no idea",
  "?",
]);

/** Whether a reply means "I don't know". */
export function meansDontKnow(raw: unknown): boolean {
  if (typeof raw !== "string") return false;
  const key = normaliseText(raw)
    .replace(/['’.!]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return DONT_KNOW_WORDS.has(key);
}

/** Whether a question offers "don't know": every duration, and numbers whose flow says so. */
export function offersDontKnow(question: Question): boolean {
  return question.type === "duration" || (question.type === "number" && question.dontKnow === true);
}

/** Why a reply does not answer the question; the engine turns it into a re-ask in the patient's language. */
export type AnswerProblem =
  | { code: "empty" }
  | { code: "not_yes_no" }
  | { code: "unknown_option"; given: string }
  | { code: "none_is_exclusive" }
  | { code: "not_a_number" }
  | { code: "not_an_integer" }
  | { code: "out_of_range"; min: number; max: number }
  | { code: "not_a_duration" }
  | { code: "too_long"; max: number };

export type ParsedAnswer = { ok: true; value: AnswerValue } | { ok: false; problem: AnswerProblem };

const ok = (value: AnswerValue): ParsedAnswer => ({ ok: true, value });
const fail = (problem: AnswerProblem): ParsedAnswer => ({ ok: false, problem });

const YES_WORDS = new Set(["yes", "y", "oui", "o", "true", "1", "ouais", "yep"]);
const NO_WORDS = new Set(["no", "n", "non", "false", "0", "nope"]);

/** Parses "38,5" or "38.5" (French and English decimal marks) into a number, or undefined. */
function toNumber(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const cleaned = raw.trim().replace(",", ".");
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

const DURATION_UNITS: [RegExp, number][] = [
  [/^(min|mins|minute|minutes|mn)$/, 1 / 60],
  [/^(h|hr|hrs|hour|hours|heure|heures)$/, 1],
  [/^(d|day|days|j|jour|jours)$/, 24],
  [/^(w|wk|wks|week|weeks|semaine|semaines|sem)$/, 24 * 7],
  [/^(month|months|mois)$/, 24 * 30],
];

/** Parses "3 days", "2 jours", "4h", "30 min" or `{ value, unit }` into hours. */
function toHours(raw: unknown): number | undefined {
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const { value, unit } = raw as { value?: unknown; unit?: unknown };
    return toHours(`${String(value)} ${String(unit)}`);
  }
  if (typeof raw !== "string") return undefined;
  const match = /^([0-9]+(?:[.,][0-9]+)?)\s*([a-z]+)$/.exec(normaliseText(raw.trim()));
  if (!match) return undefined;
  const amount = Number(match[1]!.replace(",", "."));
  const unit = DURATION_UNITS.find(([pattern]) => pattern.test(match[2]!));
  return unit ? amount * unit[1] : undefined;
}

/** Given a question and a raw reply (button value, typed text, number), returns the typed answer or why it is not one. */
export function parseAnswer(question: Question, raw: unknown): ParsedAnswer {
  const empty = raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
  if (empty) return question.type === "free_text" && question.optional ? ok("") : fail({ code: "empty" });
  if (offersDontKnow(question) && meansDontKnow(raw)) return ok(DONT_KNOW);
  switch (question.type) {
    case "yes_no": {
      if (typeof raw === "boolean") return ok(raw);
      const word = normaliseText(String(raw).trim());
      if (YES_WORDS.has(word)) return ok(true);
      if (NO_WORDS.has(word)) return ok(false);
      return fail({ code: "not_yes_no" });
    }
    case "single_choice": {
      const given = String(raw).trim();
      const option = question.options.find((o) => o.value === given);
      return option ? ok(option.value) : fail({ code: "unknown_option", given });
    }
    case "multiple_choice": {
      const values = Array.isArray(raw)
        ? raw.map(String)
        : String(raw)
            .split(",")
            .map((v) => v.trim());
      const unique = [...new Set(values.filter((v) => v !== ""))];
      if (unique.length === 0) return fail({ code: "empty" });
      const unknown = unique.find((v) => !question.options.some((o) => o.value === v));
      if (unknown !== undefined) return fail({ code: "unknown_option", given: unknown });
      if (question.noneOption && unique.includes(question.noneOption) && unique.length > 1) return fail({ code: "none_is_exclusive" });
      return ok(unique);
    }
    case "number":
    case "scale": {
      const value = toNumber(raw);
      if (value === undefined) return fail({ code: "not_a_number" });
      const [min, max] = question.type === "scale" ? [0, 10] : [question.min, question.max];
      const integer = question.type === "scale" || question.integer;
      if (integer && !Number.isInteger(value)) return fail({ code: "not_an_integer" });
      if (value < min || value > max) return fail({ code: "out_of_range", min, max });
      return ok(value);
    }
    case "duration": {
      const hours = toHours(raw);
      if (hours === undefined || hours < 0) return fail({ code: "not_a_duration" });
      if (question.maxHours !== undefined && hours > question.maxHours) return fail({ code: "out_of_range", min: 0, max: question.maxHours });
      return ok(hours);
    }
    case "free_text": {
      const text = String(raw).trim();
      if (text.length > question.maxLength) return fail({ code: "too_long", max: question.maxLength });
      return ok(text);
    }
  }
}
