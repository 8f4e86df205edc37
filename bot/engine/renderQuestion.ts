import type { Locale, Question } from "../../flows/index.js";
import type { QuestionView } from "./chatMessage.js";
import { localText } from "./localText.js";

/** Given a flow question and the session's locale, returns what the patient sees (text resolved, no flow logic). */
export function renderQuestion(question: Question, locale: Locale): QuestionView {
  const view: QuestionView = { questionId: question.id, type: question.type, text: localText(question.text, locale) };
  if (question.help) view.help = localText(question.help, locale);
  switch (question.type) {
    case "yes_no":
      break;
    case "single_choice":
      view.options = question.options.map((o) => ({ value: o.value, label: localText(o.label, locale) }));
      break;
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
  return view;
}
