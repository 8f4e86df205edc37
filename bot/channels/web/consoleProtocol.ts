import { z } from "zod";
import { URGENCY_LEVELS } from "../../../flows/urgency.js";
import { chatMessageSchema, clientIdSchema, PROTOCOL_VERSION } from "./protocol.js";

/*
 * The console's live protocol on /ws?console=1 (version 1, like the patient protocol): the
 * server pushes the queue and case changes, and the transcript and typing of the cases a console
 * watches; the socket carries the clinician's typing back. Clinicians' actions go through the JSON
 * API (/api/console/...), not this socket. No Node import:
 * the console's browser code imports this module too.
 */

import { DISPOSITIONS } from "../../cases/caseVocabulary.js";
export { DISPOSITIONS, PERIODS, type Disposition, type Period } from "../../cases/caseVocabulary.js";

/* ---- bodies of the console's JSON API (/api/console/cases/[id]/...) ---- */

/** `emergency`: an instruction to get emergency care now, sent with the call buttons; raises the case to EMERGENCY. */
export const messageRequestSchema = z.object({ text: z.string().trim().min(1).max(2000), clientMessageId: clientIdSchema, emergency: z.boolean().optional() });
export const urgencyRequestSchema = z.object({ urgency: z.enum(URGENCY_LEVELS), reason: z.string().trim().min(5).max(500) });
/** The seq of the last patient message the clinician saw of the case (its read mark; bot/cases/caseReads.ts). */
export const readRequestSchema = z.object({ seq: z.number().int().min(0).max(2_147_483_647) });
export const noteRequestSchema = z.object({ text: z.string().trim().min(1).max(4000) });
export const closeRequestSchema = z
  .object({ disposition: z.enum(DISPOSITIONS), note: z.string().trim().max(500).optional() })
  .refine((body) => body.disposition !== "other" || (body.note ?? "").length > 0, { path: ["note"], message: "say what happened" });

/** A case as the queue shows it (bot/cases/caseStore.ts CaseRecord on the wire). */
export const queueCaseSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  urgency: z.enum(URGENCY_LEVELS),
  slaDeadline: z.string(),
  state: z.enum(["open", "claimed", "closed"]),
  assignee: z.object({ id: z.string(), displayName: z.string() }).optional(),
  cause: z.enum(["outcome", "patient_request"]),
  firstReason: z.string().optional(),
  disposition: z.enum(DISPOSITIONS).optional(),
  dispositionNote: z.string().optional(),
  openedAt: z.string(),
  claimedAt: z.string().optional(),
  closedAt: z.string().optional(),
  breachedAt: z.string().optional(),
  /** The patient left the conversation while the case was open (issue 24). */
  patientLeftAt: z.string().optional(),
  /** The patient's call-back number, E.164. */
  contactPhone: z.string().optional(),
  /** The routing the outcome decided when the case opened ("same_day_teleconsultation"...). */
  routing: z.string().max(64).optional(),
  flowSlug: z.string(),
  flowVersion: z.number(),
  locale: z.enum(["fr", "en"]),
  /** The queue's glance at the conversation (bot/cases/queueGlance.ts), in the page's language: the flow the patient ended in. */
  flowTitle: z.string().optional(),
  /** The last message, cut to about 80 characters. */
  lastMessage: z.object({ author: z.enum(["patient", "bot", "clinician", "system"]), text: z.string().max(200), at: z.string(), seq: z.number() }).optional(),
  /** The seq of the patient's last message: unread while the clinician has not seen it. */
  lastPatientSeq: z.number().optional(),
});
export type QueueCase = z.infer<typeof queueCaseSchema>;

/** The label of every level in both console languages, as the deployment's settings name them now. */
export const levelLabelsSchema = z.record(z.enum(URGENCY_LEVELS), z.object({ fr: z.string().min(1), en: z.string().min(1) }));
export type LevelLabels = z.infer<typeof levelLabelsSchema>;

export const consoleClientSchema = z.discriminatedUnion("type", [
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    id: clientIdSchema,
    type: z.literal("watch"),
    caseId: z.string().min(1).max(64),
    afterSeq: z.number().int().min(0).default(0),
  }),
  z.object({ v: z.literal(PROTOCOL_VERSION), id: clientIdSchema, type: z.literal("unwatch"), caseId: z.string().min(1).max(64) }),
  /** The clinician is typing to the patient of a case they have claimed and open (`on`), or stopped. */
  z.object({ v: z.literal(PROTOCOL_VERSION), id: clientIdSchema, type: z.literal("typing"), caseId: z.string().min(1).max(64), on: z.boolean() }),
  z.object({ v: z.literal(PROTOCOL_VERSION), id: clientIdSchema, type: z.literal("ping") }),
]);
export type ConsoleClientMessage = z.infer<typeof consoleClientSchema>;
export const CONSOLE_CLIENT_TYPES = ["watch", "unwatch", "typing", "ping"] as const;

const v = { v: z.literal(PROTOCOL_VERSION) };

export const consoleServerSchema = z.discriminatedUnion("type", [
  /** The whole queue, on connect; `serverTime` lets the page correct its clock for countdowns. */
  z.object({ ...v, type: z.literal("queue"), cases: z.array(queueCaseSchema), serverTime: z.string() }),
  /** A case opened or changed (claimed, released, breached, urgency). `opened` is true for a new case: alert. */
  z.object({ ...v, type: z.literal("case"), case: queueCaseSchema, opened: z.boolean() }),
  /** A case left the queue (closed). */
  z.object({ ...v, type: z.literal("case_closed"), caseId: z.string(), sessionId: z.string() }),
  /** Transcript messages of a watched case, in seq order (the backlog after `afterSeq` on watch, then live). */
  z.object({ ...v, type: z.literal("transcript"), caseId: z.string(), messages: z.array(chatMessageSchema) }),
  /** The patient of a watched case is typing (`on`) or stopped; ephemeral (the page clears it after a few seconds without news). */
  z.object({ ...v, type: z.literal("typing"), caseId: z.string(), on: z.boolean() }),
  /**
   * The level labels in force, on connect and whenever an administrator renames a level (on any
   * instance): open pages show the new names without a reload. Both languages: the page picks its own.
   */
  z.object({ ...v, type: z.literal("labels"), labels: levelLabelsSchema }),
  /** The queued cases whose patient has a page connected now, after the queue on connect; the others are offline. */
  z.object({ ...v, type: z.literal("patients"), online: z.array(z.string()).max(10_000) }),
  /** A patient's page connected or went (every case of that session shows it). */
  z.object({ ...v, type: z.literal("patient"), sessionId: z.string(), online: z.boolean(), at: z.string() }),
  /** The signed-in clinician read a case up to the patient's message `seq` on another page (its read mark): only their own sockets get it. */
  z.object({ ...v, type: z.literal("read"), caseId: z.string(), seq: z.number().int().min(0) }),
  /** A frame refused (replyTo: its id): the code, and its text in the socket's language (bot/errorTexts.ts), which the page shows. */
  z.object({ ...v, type: z.literal("error"), code: z.string(), text: z.string(), replyTo: z.string().optional() }),
  z.object({ ...v, type: z.literal("pong"), replyTo: z.string() }),
]);
export type ConsoleServerMessage = z.infer<typeof consoleServerSchema>;

/** Close codes of console sockets: the session ended (sign-out, expiry) or the account lost access. */
export const CONSOLE_CLOSE = { signedOut: 4401, forbidden: 4403 } as const;
