import { questionsLeft, sessionAnswers, type FlowResolver, type Locale, type Question, type SessionState } from "../../flows/index.js";
import type { QuestionView } from "./chatMessage.js";
import { renderQuestion } from "./renderQuestion.js";

/** Given the session's state and the question it waits on, returns what the patient sees, with about how many questions are left. */
export function renderCurrentQuestion(resolver: FlowResolver, state: SessionState, question: Question, locale: Locale): QuestionView {
  const view = renderQuestion(question, locale, sessionAnswers(state));
  const remaining = questionsLeft(resolver, state);
  if (remaining !== undefined && remaining > 0) view.remaining = remaining;
  return view;
}
