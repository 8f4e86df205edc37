import { groupOptions, offersDontKnow, suggestOptions, type AnswerValue, type Locale, type Question, type SingleChoiceQuestion } from "../../flows/index.js";
import type { QuestionView } from "./chatMessage.js";
import { textsFor } from "./engineTexts.js";
import { localText } from "./localText.js";

/** A single choice with more options than this (or with groups) gets a search field. */
const SEARCH_ABOVE = 8;

/**
 * Given a flow question, the session's locale and the answers so far, returns what the patient
 * sees (text resolved; for a single choice, the options an earlier free-text answer suggests).
 */
export function renderQuestion(question: Question, locale: Locale, answers: Readonly<Record<string, AnswerValue | undefined>> = {}): QuestionView {
  const view: QuestionView = { questionId: question.id, type: question.type, text: localText(question.text, locale) };
  if (question.help) view.help = localText(question.help, locale);
  switch (question.type) {
    case "yes_no":
      break;
    case "single_choice": {
      Object.assign(view, renderChoices(question, locale));
      const suggested = suggestOptions(question, answers);
      if (suggested.length > 0) view.suggested = suggested;
      break;
    }
    case "multiple_choice":
      view.options = question.options.map((o) => ({ value: o.value, label: localText(o.label, locale) }));
      if (question.noneOption) view.noneOption = question.noneOption;
      break;
    case "number":
      view.unit = { symbol: question.unit.symbol, label: localText(question.unit.label, locale) };
      view.min = question.min;
      view.max = question.max;
      view.integer = question.integer;
      break;
    case "scale":
      view.min = 0;
      view.max = 10;
      view.integer = true;
      view.lowLabel = localText(question.lowLabel, locale);
      view.highLabel = localText(question.highLabel, locale);
      break;
    case "duration":
      if (question.maxHours !== undefined) view.max = question.maxHours;
      break;
    case "free_text":
      view.maxLength = question.maxLength;
      break;
  }
  // "Don't know" is an answer (issue 18): every duration, and numbers whose flow offers it.
  if (offersDontKnow(question)) view.dontKnow = true;
  return view;
}

/**
 * A single choice's options, with their groups resolved to the locale; a long or grouped list is
 * searchable, so each option carries what else should find it (other-language labels, keywords).
 */
function renderChoices(question: SingleChoiceQuestion, locale: Locale): Pick<QuestionView, "options" | "groups" | "searchable"> {
  const groups = groupOptions(question).map((g) => ({
    id: g.id,
    label: g.label ? localText(g.label, locale) : textsFor(locale).otherGroup,
    options: g.options,
  }));
  const searchable = groups.length > 0 || question.options.length > SEARCH_ABOVE;
  const options = question.options.map((o) => {
    const label = localText(o.label, locale);
    if (!searchable) return { value: o.value, label };
    const terms = [...new Set([...Object.values(o.label), ...(o.keywords ?? [])])].filter((t) => t !== label);
    return terms.length > 0 ? { value: o.value, label, terms } : { value: o.value, label };
  });
  return { options, ...(groups.length > 0 ? { groups } : {}), ...(searchable ? { searchable } : {}) };
}
