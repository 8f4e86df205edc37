import { ERASED_INLINE_TEXT, erasedText, openStoredPayload } from "../audit/sealedPayload.js";
import type { SessionState } from "../../flows/index.js";
import { AuditConflictError, appendInTransaction, type TriageTx } from "../store/auditLog.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { RetentionError } from "./retentionError.js";

/*
 * A patient's erasure request (GDPR art. 17, Morocco's law 09-08 art. 8): removes the session's
 * health data and what links it to a person, keeps what the audit chains need
 * (docs/operations.md, "Retention and erasure"):
 *   removed   transcript messages, stored replies, the answers in the session's state, every
 *             audit payload of its chain (the digest stays, so the chain verifies), its cases'
 *             free texts (first reason, disposition note, call-back number) and notes, its Slack link,
 *             its resume token
 *   kept      the session's flow, version, times, status (closed) and urgency level, its cases'
 *             times, levels and dispositions (the service's statistics), event types and times
 * The erasure is an event of the session's chain (`session.erased`, which also makes any turn
 * computed before it a conflict: it is refused, the session being closed) and of the admin chain
 * (`session.erased`, who asked), in one transaction.
 */

export interface ErasureSummary {
  sessionId: string;
  erasedAt: string;
  /** The session had been erased before: nothing was done. */
  alreadyErased: boolean;
  auditPayloads: number;
  messages: number;
  cases: number;
  notes: number;
}

export interface EraseOptions {
  /** Who asked: a console user id, or "cli". */
  actor: string;
  now?: () => Date;
}

type ErasureStore = Pick<PrismaStore, "writeTransaction" | "prisma" | "kind">;

/** Session ids are UUIDs; anything much longer is not one of ours. */
const MAX_SESSION_ID = 128;

/** Given the store and a session id, erases the session's health data (once; again is a no-op) and returns what was removed. */
export async function eraseSession(store: ErasureStore, sessionId: string, options: EraseOptions): Promise<ErasureSummary> {
  const found = sessionId.length <= MAX_SESSION_ID ? await store.prisma.session.findUnique({ where: { id: sessionId }, select: { erasedAt: true } }) : null;
  if (!found) throw new RetentionError("TRIAGE_SESSION_NOT_FOUND", "no session with this id", { sessionId: sessionId.slice(0, MAX_SESSION_ID) });
  const none = { sessionId, alreadyErased: true, auditPayloads: 0, messages: 0, cases: 0, notes: 0 };
  if (found.erasedAt) return { ...none, erasedAt: found.erasedAt.toISOString() };
  for (let attempt = 1; ; attempt += 1) {
    const at = (options.now?.() ?? new Date()).toISOString();
    try {
      return await store.writeTransaction((tx) => eraseInTransaction(tx, store.kind, sessionId, options.actor, at));
    } catch (error) {
      if (error instanceof AlreadyErased) return { ...none, erasedAt: error.erasedAt };
      // The chain head moved (a turn committed meanwhile), or PostgreSQL chose this transaction in a deadlock: again.
      const retry = error instanceof AuditConflictError || (error as { code?: unknown }).code === "P2034";
      if (!retry || attempt >= 5) throw error;
    }
  }
}

/** Thrown inside the transaction (which rolls back the erasure's own mark) when another erasure came first. */
class AlreadyErased extends RetentionError {
  constructor(readonly erasedAt: string) {
    super("TRIAGE_SESSION_ERASED", "already erased");
  }
}

async function eraseInTransaction(tx: TriageTx, kind: ErasureStore["kind"], sessionId: string, actor: string, at: string): Promise<ErasureSummary> {
  // First the session's chain head (as the turn writers do, so the two lock in one order): a turn
  // computed before this moment no longer matches the head and is refused.
  const [mark] = await appendInTransaction(tx, sessionId, [{ type: "session.erased", payload: { by: actor === "cli" ? "cli" : "console" } }], at);
  const marked = await tx.session.updateMany({
    where: { id: sessionId, erasedAt: null },
    data: { erasedAt: new Date(at), status: "closed", resumeTokenHash: null },
  });
  if (marked.count !== 1) {
    const row = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { erasedAt: true } });
    throw new AlreadyErased(row.erasedAt?.toISOString() ?? at);
  }
  const session = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { state: true } });
  await tx.session.update({ where: { id: sessionId }, data: { state: JSON.stringify(strippedState(session.state)) } });

  let auditPayloads = 0;
  // Every event before the erasure's own (which holds nothing of the patient's).
  const events = await tx.auditEvent.findMany({
    where: { stream: sessionId, seq: { lt: mark!.seq } },
    select: { seq: true, payload: true },
    orderBy: { seq: "asc" },
  });
  for (const event of events) {
    const replacement = erasedPayloadText(event.payload);
    if (replacement === undefined) continue;
    await tx.auditEvent.update({ where: { stream_seq: { stream: sessionId, seq: event.seq } }, data: { payload: replacement } });
    auditPayloads += 1;
  }
  const messages = (await tx.message.deleteMany({ where: { sessionId } })).count;
  await tx.turn.deleteMany({ where: { sessionId } });
  const cases = await tx.handoffCase.findMany({ where: { sessionId }, select: { id: true, closedAt: true } });
  const notes = cases.length === 0 ? 0 : (await tx.caseNote.deleteMany({ where: { caseId: { in: cases.map((c) => c.id) } } })).count;
  for (const found of cases) {
    await tx.handoffCase.update({
      where: { id: found.id },
      data: { firstReason: null, dispositionNote: null, state: "closed", closedAt: found.closedAt ?? new Date(at), updatedAt: new Date(at) },
    });
  }
  await clearCallBackNumbers(tx, kind, sessionId);
  await tx.slackConversation.deleteMany({ where: { sessionId } });
  await appendInTransaction(
    tx,
    "admin",
    [{ type: "session.erased", payload: { actor, details: { sessionId, auditPayloads, messages, cases: cases.length, notes } } }],
    at,
  );
  return { sessionId, erasedAt: at, alreadyErased: false, auditPayloads, messages, cases: cases.length, notes };
}

/** Given a stored audit payload's text, returns what replaces it once erased (undefined: erased already). */
export function erasedPayloadText(stored: string): string | undefined {
  const opened = openStoredPayload(stored);
  if (opened.kind === "sealed") return erasedText(opened.digest);
  if (opened.kind === "inline") return ERASED_INLINE_TEXT;
  return undefined;
}

/**
 * Given a session's state (JSON text), returns it without answers, reasons, trail or carried
 * values: the flows, where each stopped and its outcome node stay (the level is kept anyway), so
 * every reader of a session still reads a well-formed state.
 */
export function strippedState(stateText: string): SessionState {
  const state = JSON.parse(stateText) as SessionState;
  return {
    frames: state.frames.map((frame) => ({
      slug: frame.slug,
      version: frame.version,
      snapshot: {
        value: frame.snapshot.value,
        status: frame.snapshot.status,
        context: {
          answers: {},
          carried: [],
          answered: [],
          trail: [],
          reasons: [],
          ...(frame.snapshot.context.outcome ? { outcome: frame.snapshot.context.outcome } : {}),
        },
      },
    })),
  };
}

/**
 * Clears the cases' call-back numbers (handoff_cases.contact_phone) where the column exists: it
 * came with a later migration than erasure, and a statement naming a missing column would abort
 * a PostgreSQL transaction.
 */
async function clearCallBackNumbers(tx: TriageTx, kind: ErasureStore["kind"], sessionId: string): Promise<void> {
  const present =
    kind === "sqlite"
      ? await tx.$queryRaw<{ n: number }[]>`SELECT 1 AS n FROM pragma_table_info('handoff_cases') WHERE name = 'contact_phone'`
      : await tx.$queryRaw<
          { n: number }[]
        >`SELECT 1 AS n FROM information_schema.columns WHERE table_name = 'handoff_cases' AND column_name = 'contact_phone' AND table_schema = current_schema()`;
  if (present.length > 0) await tx.$executeRaw`UPDATE handoff_cases SET contact_phone = NULL WHERE session_id = ${sessionId}`;
}
