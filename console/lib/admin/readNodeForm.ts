import type { NewOutcome, NewQuestion, OptionFields, OutcomeFields, QuestionFields } from "../../../bot/admin/editFlowNode";

/*
 * The node forms' fields, read from a form post: texts as `<name>_fr` / `<name>_en`, option rows
 * as `opt_value_<i>`, `opt_fr_<i>`, `opt_en_<i>`, `opt_to_<i>`.
 */

const str = (form: FormData, name: string) => String(form.get(name) ?? "");
const texts = (form: FormData, name: string) => ({ fr: str(form, `${name}_fr`), en: str(form, `${name}_en`) });

function num(form: FormData, name: string): number | undefined {
  const raw = str(form, name).trim();
  if (raw === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function options(form: FormData): OptionFields[] {
  const rows: OptionFields[] = [];
  for (let i = 0; form.has(`opt_value_${i}`); i++) {
    rows.push({ value: str(form, `opt_value_${i}`), label: { fr: str(form, `opt_fr_${i}`), en: str(form, `opt_en_${i}`) }, to: str(form, `opt_to_${i}`) });
  }
  return rows;
}

/** A question's form. */
export function readQuestionForm(form: FormData): QuestionFields {
  const fields: QuestionFields = { text: texts(form, "text"), help: texts(form, "help"), options: options(form), next: str(form, "next") };
  const min = num(form, "min");
  const max = num(form, "max");
  if (min !== undefined) fields.min = min;
  if (max !== undefined) fields.max = max;
  return fields;
}

/** An outcome's form. */
export function readOutcomeForm(form: FormData): OutcomeFields {
  return { urgency: str(form, "urgency"), routing: str(form, "routing"), title: texts(form, "title"), advice: texts(form, "advice"), safetyNet: texts(form, "safety") };
}

/** The new-question form. */
export function readNewQuestion(form: FormData): NewQuestion {
  const type = str(form, "type") === "single_choice" ? "single_choice" : "yes_no";
  return { ...readQuestionForm(form), id: str(form, "id").trim(), type, start: form.get("start") === "on" };
}

/** The new-outcome form. */
export function readNewOutcome(form: FormData): NewOutcome {
  return { ...readOutcomeForm(form), id: str(form, "id").trim() };
}
