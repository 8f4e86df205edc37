import type { Bus, Clock, CommittedTurn } from "../engine/ports.js";
import { numbersInWords } from "../engine/renderOutcome.js";
import type { EngineConfig } from "../engine/turnContext.js";
import { TriageError } from "../errors.js";
import type { StaffTurns } from "./caseService.js";
import type { CaseRecord, CaseStore } from "./caseStore.js";
import { caseStage, stepHandoff, type CaseStage } from "./handoffLifecycle.js";
import { maskPhone, parseContactPhone, type CallBackCountry } from "./parseContactPhone.js";
import { patientCaseTexts } from "./patientTexts.js";

/** The patient's waiting screen (on the wire as the web protocol's `handoff` message, bot/channels/web/protocol.ts). */
export interface HandoffView {
  caseId: string;
  stage: CaseStage;
  urgency: CaseRecord["urgency"];
  openedAt: string;
  slaDeadline: string;
  /** Waiting cases the queue serves before this one. */
  ahead: number;
  /** Minutes until the deadline when the view was made (0 once it passed). */
  expectedWaitMinutes: number;
  callBack: boolean;
  /** The call-back number's last digits only. */
  phone?: string;
  serverTime: string;
}

/** What a place in the queue needs of a case. */
export type QueueEntry = Pick<CaseRecord, "id" | "sessionId" | "urgency" | "slaDeadline" | "openedAt" | "patientLeftAt" | "contactPhone"> & {
  state: "open" | "claimed";
};

/** The queue as the waiting screens read it (bot/store/waitingQueueRepository.ts). */
export interface WaitingQueue {
  /** The latest open (not closed) case of each of these sessions. */
  openCases(sessionIds: readonly string[]): Promise<QueueEntry[]>;
  /** How many waiting cases the queue serves before each of these (one ranking in the database); a case no longer waiting is left out. */
  placesOf(caseIds: readonly string[]): Promise<Map<string, number>>;
  /** How many waiting cases the queue serves before this one (a session with two waiting cases counts twice: rare, and it only lengthens the wait shown). */
  countAhead(entry: QueueEntry): Promise<number>;
}

export interface PatientCasesDeps {
  cases: Pick<CaseStore, "activeForSession" | "markPatientLeft" | "setContactPhone">;
  queue: WaitingQueue;
  staff: StaffTurns;
  bus: Pick<Bus, "publish">;
  clock: Clock;
  config: EngineConfig;
  /** Numbers typed without +33 / +212 are read as this country's. */
  country: CallBackCountry;
}

/** What the web channel may do with a patient's own hand-off case. */
export interface PatientCasePort {
  /** Each session's open case as its waiting screen shows it (null: none). */
  views(sessionIds: readonly string[]): Promise<Map<string, HandoffView | null>>;
  /** The patient ends the conversation: an open case is marked left, the session closes; undefined when no case was open. */
  leave(sessionId: string, clientMessageId: string): Promise<CommittedTurn | undefined>;
  /** Stores a call-back number on the open case (TRIAGE_INVALID_PHONE, TRIAGE_NO_OPEN_CASE). */
  giveContact(sessionId: string, phone: string, clientMessageId: string): Promise<HandoffView>;
}

/**
 * The patient's side of the hand-off (issue 24): where their case stands in the live queue, the
 * number a clinician can call back, and leaving. Each move is checked against the lifecycle
 * machine; the session's transcript and audit chain record it like a clinician's action.
 */
export class PatientCases implements PatientCasePort {
  constructor(private readonly deps: PatientCasesDeps) {}

  async views(sessionIds: readonly string[]): Promise<Map<string, HandoffView | null>> {
    const result = new Map<string, HandoffView | null>(sessionIds.map((id) => [id, null]));
    if (sessionIds.length === 0) return result;
    const found = await this.deps.queue.openCases(sessionIds);
    const now = this.deps.clock.now();
    const waiting = found.filter((entry) => caseStage(entry) === "waiting");
    // A few screens: one COUNT each. Many (a queue change refreshing every waiting screen): one
    // ranking in the database that returns only their places (loading and sorting thousands of
    // waiting cases here blocked the event loop once a second under load).
    let ahead: (entry: QueueEntry) => Promise<number> | number = (entry) => this.deps.queue.countAhead(entry);
    if (waiting.length > 3) {
      const places = await this.deps.queue.placesOf(waiting.map((entry) => entry.id));
      ahead = (entry) => places.get(entry.id) ?? this.deps.queue.countAhead(entry);
    }
    for (const entry of found) result.set(entry.sessionId, handoffView(entry, caseStage(entry) === "waiting" ? await ahead(entry) : 0, now));
    return result;
  }

  async leave(sessionId: string, clientMessageId: string): Promise<CommittedTurn | undefined> {
    const found = await this.deps.cases.activeForSession(sessionId);
    if (!found || !stepHandoff({ stage: caseStage(found), patient: "online" }, { type: "PATIENT_LEFT" }).accepted) return undefined;
    const now = this.deps.clock.now();
    await this.deps.cases.markPatientLeft(found.id, now);
    const turn = await this.deps.staff.commitStaffTurn(sessionId, `patient:leave:${clientMessageId}`, (session) => ({
      session: { ...session, status: "closed" },
      messages: [
        {
          author: "system",
          body: { kind: "handoff", status: "left", text: patientCaseTexts(session.locale).left(numbersInWords(this.deps.config, session.locale)) },
        },
      ],
      audit: [{ type: "patient.left", payload: { caseId: found.id, caseState: found.state } }],
    }));
    await this.#publish(found);
    return turn;
  }

  async giveContact(sessionId: string, phone: string, clientMessageId: string): Promise<HandoffView> {
    const parsed = parseContactPhone(phone, this.deps.country);
    // The reason only, never the digits (health data stays out of errors and logs).
    if (!parsed.ok) throw new TriageError("TRIAGE_INVALID_PHONE", "not a French or Moroccan number", { reason: parsed.reason });
    const found = await this.deps.cases.activeForSession(sessionId);
    if (!found || caseStage(found) === "left") throw new TriageError("TRIAGE_NO_OPEN_CASE", "no open case for a call back");
    const now = this.deps.clock.now();
    if (!(await this.deps.cases.setContactPhone(found.id, parsed.e164, now))) throw new TriageError("TRIAGE_NO_OPEN_CASE", "the case closed meanwhile");
    // The chain records that a number was given and its country; the number itself lives on the case.
    await this.deps.staff.commitStaffTurn(sessionId, `patient:contact:${clientMessageId}`, (session) => ({
      session,
      messages: [],
      audit: [{ type: "patient.contact_given", payload: { caseId: found.id, country: parsed.country } }],
    }));
    await this.#publish(found);
    const views = await this.views([sessionId]);
    const view = views.get(sessionId);
    if (!view) throw new TriageError("TRIAGE_NO_OPEN_CASE", "the case closed meanwhile");
    return view;
  }

  async #publish(found: CaseRecord): Promise<void> {
    // The write is done: a lost publication only delays the consoles' update until their next reload.
    await this.deps.bus.publish({ type: "case.updated", caseId: found.id, sessionId: found.sessionId }).catch(() => undefined);
  }
}

/**
 * Given a case, how many waiting cases the queue serves first (more urgent or due earlier) and the
 * time, returns what the patient's waiting screen shows, with the minutes left before the deadline
 * its level's SLA set (the longest the service commits to).
 */
export function handoffView(found: QueueEntry, ahead: number, now: Date): HandoffView {
  const stage = caseStage(found);
  const view: HandoffView = {
    caseId: found.id,
    stage,
    urgency: found.urgency,
    openedAt: found.openedAt,
    slaDeadline: found.slaDeadline,
    ahead,
    expectedWaitMinutes: Math.max(0, Math.ceil((Date.parse(found.slaDeadline) - now.getTime()) / 60_000)),
    // EMERGENCY sends the patient to 15/112 at once: nobody should wait for a call back.
    callBack: found.urgency !== "EMERGENCY",
    serverTime: now.toISOString(),
  };
  if (found.contactPhone) view.phone = maskPhone(found.contactPhone);
  return view;
}
