import type { FlowResolver, Locale, LocalizedText, SessionState, SkipReason } from "../../flows/index.js";
import { NOT_ASKED } from "../engine/notAskedTexts.js";

/** One question question economy did not ask in a session, and why, in words. */
export interface SkippedQuestion {
  flow: string;
  questionId: string;
  /** The question as the patient would have read it. */
  question: string;
  code: SkipReason;
  /** Why it was not asked, in the same language. */
  reason: string;
}

function inLocale(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return text[locale] ?? Object.values(text).find((t) => t !== undefined) ?? "";
}

/**
 * Given a session's state, returns the questions its flows skipped (question economy), in the
 * order they were skipped, with the question's text and the reason in `locale`. Scores left
 * uncomputed because they read a skipped question are not questions, so they are not listed.
 */
export function skippedQuestions(resolver: FlowResolver, state: SessionState, locale: Locale): SkippedQuestion[] {
  return state.frames.flatMap((frame) => {
    const compiled = resolver.exact(frame.slug, frame.version);
    return (frame.snapshot.context.skipped ?? []).flatMap((skipped) => {
      const node = compiled?.nodes.get(skipped.id);
      if (node?.kind !== "question" || skipped.reason === "reads_skipped") return [];
      return [
        { flow: frame.slug, questionId: skipped.id, question: inLocale(node.text, locale), code: skipped.reason, reason: NOT_ASKED[skipped.reason][locale] },
      ];
    });
  });
}
