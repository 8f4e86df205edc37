import { urgencyRank, type Urgency } from "../../flows/index.js";
import { appendAdminEvent, type AuditAppender } from "../audit/appendAdminEvent.js";
import type { ConsoleUser } from "../auth/authStore.js";
import type { ChatMessage } from "../engine/chatMessage.js";
import { slaMinutesFor } from "../engine/decideHandoff.js";
import { textsFor } from "../engine/engineTexts.js";
import type { Bus, Clock, CommittedTurn, Ids, Json, SessionRecord, StaffTurn } from "../engine/ports.js";
import { emergencyNumbersIn, numbersInWords } from "../engine/renderOutcome.js";
import type { EngineConfig } from "../engine/turnContext.js";
import { asTriageError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { CaseNoteRecord, CaseRecord, CaseStore, Disposition } from "./caseStore.js";
import { ConsoleError } from "./consoleError.js";
import { caseStage, stepHandoff, type HandoffEventType } from "./handoffLifecycle.js";
import { patientCaseTexts } from "./patientTexts.js";
import { compareQueue } from "./queueOrder.js";

/** The part of the conversation service the console writes through (one transcript, one audit chain per session). */
export interface StaffTurns {
  commitStaffTurn(sessionId: string, clientMessageId: string, make: (session: SessionRecord, now: Date) => StaffTurn): Promise<CommittedTurn>;
}

export interface CaseServiceDeps {
  cases: CaseStore;
  staff: StaffTurns;
  audit: AuditAppender;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  config: EngineConfig;
  logger?: Pick<Logger, "info" | "warn">;
}

/** Who acts: a signed-in console user (or the system for the SLA monitor). */
export type Actor = Pick<ConsoleUser, "id" | "displayName">;

export const LIMITS = { message: 2000, reason: 500, note: 4000, minReason: 5 } as const;

/**
 * What clinicians do with hand-off cases. Each action: guard (state, assignee), one conditional
 * update of the case, what the patient sees as a staff turn on their session (same commit path as
 * their own turns), an admin-stream audit event, then a `case.updated` publication for live views.
 * Admin events carry ids and codes; clinical free text (messages, notes, reasons) goes into the
 * session's own chain.
 */
export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  /** Open and claimed cases, most urgent first. */
  async queue(): Promise<CaseRecord[]> {
    return (await this.deps.cases.listActive()).sort(compareQueue);
  }

  async get(caseId: string): Promise<CaseRecord> {
    const found = await this.deps.cases.get(caseId);
    if (!found) throw new ConsoleError("CONSOLE_CASE_NOT_FOUND", "no such case", { caseId });
    return found;
  }

  notes(caseId: string): Promise<CaseNoteRecord[]> {
    return this.deps.cases.notes(caseId);
  }

  /** Takes an open case; exactly one of concurrent callers wins, the others learn who did. */
  async claim(caseId: string, actor: Actor): Promise<CaseRecord> {
    const before = await this.get(caseId);
    if (before.state === "closed") throw new ConsoleError("CONSOLE_CASE_CLOSED", "the case is closed", { caseId });
    const now = this.deps.clock.now();
    if (!(await this.deps.cases.claim(caseId, actor.id, now))) {
      const after = await this.get(caseId);
      if (after.state === "claimed" && after.assignee?.id === actor.id) return after;
      if (after.state === "closed") throw new ConsoleError("CONSOLE_CASE_CLOSED", "the case is closed", { caseId });
      throw new ConsoleError("CONSOLE_CASE_TAKEN", "another clinician took the case", {
        caseId,
        assigneeId: after.assignee?.id ?? null,
        assignee: after.assignee?.displayName ?? null,
      });
    }
    // A patient who left is not told (nobody reads it); the chain still records who took the case.
    const tell = tellsPatient(before, "CLAIM");
    await this.#tellPatient(before, "claim", (session) => ({
      session,
      messages: tell
        ? [{ author: "system", body: { kind: "handoff", status: "joined", text: patientCaseTexts(session.locale).joined(actor.displayName) } }]
        : [],
      audit: [{ type: "clinician.joined", payload: { caseId, userId: actor.id } }],
    }));
    await this.#audit(actor.id, "case.claimed", {
      caseId,
      sessionId: before.sessionId,
      urgency: before.urgency,
      waitedMs: now.getTime() - Date.parse(before.openedAt),
    });
    return this.#changed(before);
  }

  /** Puts a claimed case back in the queue (its assignee only), with a fresh deadline. */
  async release(caseId: string, actor: Actor): Promise<CaseRecord> {
    const before = await this.#assigned(caseId, actor);
    const now = this.deps.clock.now();
    const minutes = slaMinutesFor(this.deps.config, before.urgency);
    if (!(await this.deps.cases.release(caseId, actor.id, now, new Date(now.getTime() + minutes * 60_000)))) throw this.#notAssigned(caseId);
    await this.#tellPatient(before, "release", (session) => ({
      session,
      messages: [
        {
          author: "system",
          body: {
            kind: "handoff",
            status: "released",
            text: patientCaseTexts(session.locale).released(textsFor(session.locale).formatWait(minutes)),
            expectedWaitMinutes: minutes,
          },
        },
      ],
      audit: [{ type: "clinician.released", payload: { caseId, userId: actor.id } }],
    }));
    await this.#audit(actor.id, "case.released", { caseId, sessionId: before.sessionId });
    return this.#changed(before);
  }

  /**
   * Sends the patient a message from the case's clinician; a repeated client message id sends
   * nothing new. `emergency` (issue 24): an instruction to get emergency care now, shown to the
   * patient with the emergency numbers as call buttons; the case is then raised to EMERGENCY with
   * the instruction as the written reason (both audited).
   */
  async sendMessage(caseId: string, actor: Actor, text: string, clientMessageId: string, options: { emergency?: boolean } = {}): Promise<ChatMessage[]> {
    const body = text.trim();
    if (body.length === 0 || body.length > LIMITS.message)
      throw new ConsoleError("CONSOLE_INVALID_REQUEST", "a message needs 1 to 2000 characters", { field: "text" });
    // The instruction is the urgency change's reason: it needs a reason's length.
    if (options.emergency && body.length < LIMITS.minReason)
      throw new ConsoleError("CONSOLE_INVALID_REQUEST", "an emergency instruction needs at least 5 characters", { field: "text" });
    const current = await this.#assigned(caseId, actor);
    if (!stepHandoff({ stage: caseStage(current), patient: "online" }, { type: "CLINICIAN_MESSAGE" }).accepted) {
      throw new ConsoleError("CONSOLE_PATIENT_LEFT", "the patient left the conversation", { caseId, leftAt: current.patientLeftAt ?? null });
    }
    const turn = await this.deps.staff.commitStaffTurn(current.sessionId, `console:${actor.id}:${clientMessageId}`, (session) => ({
      session,
      messages: [
        {
          author: "clinician",
          authorId: actor.id,
          body: options.emergency
            ? { kind: "emergency", text: body, numbers: emergencyNumbersIn(this.deps.config, session.locale) }
            : { kind: "text", text: body },
        },
      ],
      audit: [{ type: "clinician.message", payload: { caseId, userId: actor.id, text: body, ...(options.emergency ? { emergency: true } : {}) } }],
    }));
    await this.#audit(actor.id, "case.message", {
      caseId,
      sessionId: current.sessionId,
      seq: turn.messages[0]?.seq ?? null,
      ...(options.emergency ? { emergency: true } : {}),
    });
    // The patient has the instruction first; then the case is raised (a no-op when it is EMERGENCY already).
    if (options.emergency) await this.changeUrgency(caseId, actor, "EMERGENCY", body.length > LIMITS.reason ? `${body.slice(0, LIMITS.reason - 1)}…` : body);
    return turn.messages;
  }

  /** Changes the case's urgency, up or down, with the clinician's written reason (both audited). */
  async changeUrgency(caseId: string, actor: Actor, urgency: Urgency, reason: string): Promise<CaseRecord> {
    const why = reason.trim();
    if (why.length < LIMITS.minReason || why.length > LIMITS.reason)
      throw new ConsoleError("CONSOLE_INVALID_REQUEST", "a change of urgency needs a written reason", { field: "reason" });
    const before = await this.#assigned(caseId, actor);
    if (before.urgency === urgency) return before;
    const now = this.deps.clock.now();
    const raised = urgencyRank(urgency) < urgencyRank(before.urgency);
    // Raising tightens the deadline to the new level's SLA from now (issue 24, item 5); lowering never loosens it.
    const tightened = new Date(now.getTime() + slaMinutesFor(this.deps.config, urgency) * 60_000);
    const deadline = raised && tightened.getTime() < Date.parse(before.slaDeadline) ? tightened : undefined;
    if (!(await this.deps.cases.setUrgency(caseId, actor.id, urgency, now, deadline))) throw this.#notAssigned(caseId);
    const change = { caseId, from: before.urgency, to: urgency, direction: raised ? "up" : "down" };
    await this.#tellPatient(before, "urgency", (session) => ({
      session: { ...session, urgency },
      messages: [],
      // The name lets the case page say who changed it without a user lookup (staff names are not patient data).
      audit: [{ type: "clinician.urgency_changed", payload: { ...change, userId: actor.id, displayName: actor.displayName, reason: why } }],
    }));
    await this.#audit(actor.id, "case.urgency_changed", { ...change, sessionId: before.sessionId, reason: why });
    return this.#changed(before);
  }

  /** Adds a clinician's note (never shown to the patient); any clinician may annotate any case. */
  async addNote(caseId: string, actor: Actor, text: string): Promise<CaseNoteRecord> {
    const body = text.trim();
    if (body.length === 0 || body.length > LIMITS.note)
      throw new ConsoleError("CONSOLE_INVALID_REQUEST", "a note needs 1 to 4000 characters", { field: "text" });
    const current = await this.get(caseId);
    const note = { id: this.deps.ids.newId(), caseId, authorId: actor.id, text: body, at: this.deps.clock.now() };
    if (!(await this.deps.cases.addNote(note))) throw new ConsoleError("CONSOLE_SESSION_ERASED", "the session's health data was erased", { caseId });
    await this.#tellPatient(current, "note", (session) => ({
      session,
      messages: [],
      audit: [{ type: "clinician.note", payload: { caseId, noteId: note.id, userId: actor.id, text: body } }],
    }));
    await this.#audit(actor.id, "case.note_added", { caseId, sessionId: current.sessionId, noteId: note.id });
    await this.#publish(current);
    return { id: note.id, caseId, author: { id: actor.id, displayName: actor.displayName }, text: body, at: note.at.toISOString() };
  }

  /** Closes the case with a disposition; the patient gets the closing message in their language and the session ends. */
  async close(caseId: string, actor: Actor, disposition: Disposition, note?: string): Promise<CaseRecord> {
    const text = note?.trim() || undefined;
    if (disposition === "other" && !text)
      throw new ConsoleError("CONSOLE_INVALID_REQUEST", "say what happened when the disposition is 'other'", { field: "note" });
    if (text && text.length > LIMITS.reason) throw new ConsoleError("CONSOLE_INVALID_REQUEST", "the disposition text is too long", { field: "note" });
    const before = await this.#assigned(caseId, actor);
    if (!(await this.deps.cases.close(caseId, actor.id, disposition, text, this.deps.clock.now()))) throw this.#notAssigned(caseId);
    const tell = tellsPatient(before, "CLOSE");
    await this.#tellPatient(before, "close", (session) => ({
      session: { ...session, status: "closed" },
      messages: tell
        ? [
            {
              author: "system",
              body: {
                kind: "handoff",
                status: "closed",
                text: patientCaseTexts(session.locale).closed(disposition, numbersInWords(this.deps.config, session.locale)),
                // "Get emergency care now" comes with the numbers as call buttons (issue 24, item 4).
                ...(disposition === "referred_emergency" ? { emergencyNumbers: emergencyNumbersIn(this.deps.config, session.locale) } : {}),
              },
            },
          ]
        : [],
      audit: [{ type: "clinician.closed", payload: { caseId, userId: actor.id, disposition, note: text ?? null } }],
    }));
    await this.#audit(actor.id, "case.closed", { caseId, sessionId: before.sessionId, disposition });
    return this.#changed(before);
  }

  /**
   * Marks a case nobody took before its deadline (once, whichever instance gets there first) and
   * tells the patient what to do meanwhile. Returns false when it was already marked or taken.
   */
  async markBreached(found: CaseRecord): Promise<boolean> {
    const now = this.deps.clock.now();
    if (!(await this.deps.cases.markBreached(found.id, now))) return false;
    const waitedMinutes = Math.round((now.getTime() - Date.parse(found.openedAt)) / 60_000);
    await this.#tellPatient(found, "breach", (session) => ({
      session,
      messages: [
        {
          author: "system",
          body: { kind: "handoff", status: "breached", text: patientCaseTexts(session.locale).breached(numbersInWords(this.deps.config, session.locale)) },
        },
      ],
      audit: [{ type: "handoff.breached", payload: { caseId: found.id, slaDeadline: found.slaDeadline, waitedMinutes } }],
    }));
    await this.#audit("system", "case.breached", {
      caseId: found.id,
      sessionId: found.sessionId,
      urgency: found.urgency,
      slaDeadline: found.slaDeadline,
      waitedMinutes,
    });
    await this.#publish(found);
    return true;
  }

  async #assigned(caseId: string, actor: Actor): Promise<CaseRecord> {
    const found = await this.get(caseId);
    if (found.state === "closed") throw new ConsoleError("CONSOLE_CASE_CLOSED", "the case is closed", { caseId });
    if (found.state !== "claimed" || found.assignee?.id !== actor.id) throw this.#notAssigned(caseId, found);
    return found;
  }

  #notAssigned(caseId: string, found?: CaseRecord): ConsoleError {
    return new ConsoleError("CONSOLE_CASE_NOT_ASSIGNED", "take the case first", { caseId, assignee: found?.assignee?.displayName ?? null });
  }

  /** Writes the action into the patient's session (transcript and chain) as a staff turn. */
  async #tellPatient(found: CaseRecord, action: string, make: (session: SessionRecord) => StaffTurn): Promise<void> {
    await this.deps.staff.commitStaffTurn(found.sessionId, `console:${action}:${found.id}:${this.deps.ids.newId()}`, make);
  }

  #audit(actor: string, type: string, payload: { [key: string]: Json }): Promise<unknown> {
    return appendAdminEvent(this.deps.audit, { stream: "admin", type, actor, payload });
  }

  async #changed(before: CaseRecord): Promise<CaseRecord> {
    await this.#publish(before);
    return this.get(before.id);
  }

  async #publish(found: CaseRecord): Promise<void> {
    await this.deps.bus.publish({ type: "case.updated", caseId: found.id, sessionId: found.sessionId }).catch((error: unknown) => {
      this.deps.logger?.warn({ caseId: found.id, code: asTriageError(error).code }, "console: case.updated publication failed");
    });
  }
}

/** Whether the lifecycle machine has the patient told of this move on this case. */
function tellsPatient(found: CaseRecord, event: HandoffEventType): boolean {
  return stepHandoff({ stage: caseStage(found), patient: "online" }, { type: event }).announce.some((a) => a.to === "patient");
}
