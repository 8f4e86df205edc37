import { describeAnswer, type AnswerProblem, type Locale, type Question } from "../../flows/index.js";
import { textsFor } from "./engineTexts.js";
import { localText } from "./localText.js";

const MAX_QUOTED = 40;

const quoted = (given: string) => (given.length > MAX_QUOTED ? `${given.slice(0, MAX_QUOTED)}…` : given);

/** Given a question, why a reply did not answer it and the locale, returns the re-ask: what was wrong, then what is expected. */
export function renderReask(question: Question, problem: AnswerProblem, locale: Locale): string {
  const t = textsFor(locale);
  const optionLabel = (value: string) => ("options" in question ? localText(question.options.find((o) => o.value === value)?.label, locale) || value : value);
  const wrong = (() => {
    switch (problem.code) {
      case "empty":
        return t.problem.empty;
      case "not_yes_no":
        return t.problem.not_yes_no;
      case "unknown_option":
        return t.problem.unknown_option(quoted(problem.given));
      case "none_is_exclusive":
        return t.problem.none_is_exclusive(question.type === "multiple_choice" && question.noneOption ? optionLabel(question.noneOption) : "");
      case "not_a_number":
        return t.problem.not_a_number;
      case "not_an_integer":
        return t.problem.not_an_integer;
      case "out_of_range":
        return t.problem.out_of_range;
      case "not_a_duration":
        return t.problem.not_a_duration;
      case "too_long":
        return t.problem.too_long(problem.max);
    }
  })();
  if (problem.code === "none_is_exclusive" && question.type === "multiple_choice" && question.noneOption) {
    return `${wrong} ${t.expected.noneAlone(optionLabel(question.noneOption))}`;
  }
  return `${wrong} ${expectedAnswer(question, locale)}`;
}

/** Given a question, returns what a valid answer looks like, in words. */
export function expectedAnswer(question: Question, locale: Locale): string {
  const t = textsFor(locale);
  switch (question.type) {
    case "yes_no":
      return t.expected.yes_no;
    case "single_choice":
      return t.expected.single_choice(t.listOptions(question.options.map((o) => localText(o.label, locale))));
    case "multiple_choice":
      return t.expected.multiple_choice(t.listOptions(question.options.map((o) => localText(o.label, locale))));
    case "number":
      return t.expected.number({
        min: t.formatNumber(question.min),
        max: t.formatNumber(question.max),
        unit: question.unit.symbol,
        integer: question.integer,
      });
    case "scale":
      return t.expected.scale({ low: localText(question.lowLabel, locale), high: localText(question.highLabel, locale) });
    case "duration": {
      const max = question.maxHours === undefined ? undefined : describeAnswer(question, question.maxHours, [locale])[locale];
      return t.expected.duration(max);
    }
    case "free_text":
      return t.expected.free_text(question.maxLength);
  }
}
