import type { FlowResolver, Locale, SessionState } from "../../flows/index.js";
import type { ChatBody, ChatMessage } from "../engine/chatMessage.js";
import type { Store } from "../engine/ports.js";
import type { CaseRecord } from "./caseStore.js";

/** The longest last-message preview the queue shows (issue 24: never more than about 80 characters). */
export const PREVIEW_CHARS = 80;

/** What the queue shows of a case's conversation beside the case itself, in the reader's language. */
export interface QueueGlance {
  /** The title of the flow the patient ended in (the session's last flow), not the entry flow's slug. */
  flowTitle: string;
  lastMessage?: { author: ChatMessage["author"]; text: string; at: string; seq: number };
  /** The seq of the patient's last message (0: none): the console marks the case unread while it has not seen it. */
  lastPatientSeq: number;
}

export interface GlanceSources {
  store: Pick<Store, "getSession" | "messagesAfter">;
  resolverForState(state: SessionState): Promise<FlowResolver>;
}

/** Given a message body, returns its words as one line (what a clinician would read first). */
function wordsOf(body: ChatBody): string {
  switch (body.kind) {
    case "text":
      return body.translation?.text ?? body.original?.text ?? body.text;
    case "question":
      return body.question.text;
    case "answer":
      return body.display;
    case "outcome":
      return body.outcome.title;
    default:
      return body.text;
  }
}

/** Given a text, returns it on one line cut to `max` characters (an ellipsis when cut, whole code points). */
export function preview(text: string, max = PREVIEW_CHARS): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  return chars.length <= max
    ? line
    : chars
        .slice(0, max - 1)
        .join("")
        .trimEnd() + "…";
}

/**
 * Given a case and the reader's language, returns what the queue shows of its session: the final
 * flow's title, the last message (cut to PREVIEW_CHARS) and the patient's last message seq.
 * Reads the session and its transcript (a queue holds tens of cases, each transcript tens of messages).
 */
export async function queueGlance(sources: GlanceSources, found: CaseRecord, locale: Locale): Promise<QueueGlance> {
  const session = await sources.store.getSession(found.sessionId);
  if (!session) return { flowTitle: found.flowSlug, lastPatientSeq: 0 };
  const frame = session.state.frames.at(-1);
  const compiled = frame ? (await sources.resolverForState(session.state)).exact(frame.slug, frame.version) : undefined;
  const title = compiled?.flow.title;
  const flowTitle = (title && (title[locale] ?? Object.values(title).find((t) => t !== undefined))) || frame?.slug || found.flowSlug;
  const messages = await sources.store.messagesAfter(found.sessionId, 0);
  const last = messages.at(-1);
  const lastPatient = messages.findLast((m) => m.author === "patient");
  return {
    flowTitle,
    ...(last ? { lastMessage: { author: last.author, text: preview(wordsOf(last.body)), at: last.at, seq: last.seq } } : {}),
    lastPatientSeq: lastPatient?.seq ?? 0,
  };
}

/**
 * Given a glance and the messages a turn just committed (in seq order), returns the glance after
 * them: what `queueGlance` would read back from the store, without reading it (issue 23: the
 * console no longer reads a whole transcript per patient message).
 */
export function advanceGlance(glance: QueueGlance, messages: readonly ChatMessage[]): QueueGlance {
  const last = messages.at(-1);
  if (!last || (glance.lastMessage && last.seq <= glance.lastMessage.seq)) return glance;
  const lastPatient = messages.findLast((m) => m.author === "patient");
  return {
    ...glance,
    lastMessage: { author: last.author, text: preview(wordsOf(last.body)), at: last.at, seq: last.seq },
    lastPatientSeq: Math.max(glance.lastPatientSeq, lastPatient?.seq ?? 0),
  };
}
