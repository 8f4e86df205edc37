import { z } from "zod";
import { URGENCY_LEVELS } from "../../../flows/urgency.js";
import { ROUTING_TARGETS } from "../../../flows/routing.js";
import { CASE_STAGES } from "../../cases/caseVocabulary.js";
import type { HandoffView } from "../../cases/patientCases.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/*
 * The web channel's wire protocol, version 1: JSON messages over WebSocket, validated with zod on
 * both ends (the server in decodeFrame.ts, the chat page in console/lib/chat). No Node import here:
 * the browser bundle imports this module too.
 */

export const PROTOCOL_VERSION = 1 as const;

export const LOCALE_VALUES = ["fr", "en"] as const;
const localeSchema = z.enum(LOCALE_VALUES);

/** A client message id: chosen by the client, unique per session; the idempotency key of a turn. */
export const clientIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and _.:- only");

/**
 * The page's own key, drawn once per page from a CSPRNG (16 bytes or more, base64url): a start is
 * identified by it and its message id, so the same id from another page never joins a session,
 * and the same page re-sending its start gets its session back (see bot/engine/startToken.ts).
 */
export const clientKeySchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "22 to 64 base64url characters");

const base = {
  v: z.literal(PROTOCOL_VERSION),
  id: clientIdSchema,
  /** Optional on turn messages: when present it must be the connection's session. */
  sessionId: z.string().min(1).max(64).optional(),
};

/** A raw answer as the page sends it: a button value, typed text, a number, or chosen options. */
export const answerValueSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.string().max(64)).max(50)]);

export const clientMessageSchema = z.discriminatedUnion("type", [
  /** Without `client` (an older page) a start always opens a new session, and a re-sent one opens another. */
  z.object({
    ...base,
    type: z.literal("start"),
    flow: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .max(64),
    locale: localeSchema,
    client: clientKeySchema.optional(),
  }),
  /** `questionId` names the question the patient answered: a stale click then gets a re-ask, not a wrong answer. */
  z.object({ ...base, type: z.literal("answer"), value: answerValueSchema, questionId: z.string().max(64).optional() }),
  z.object({ ...base, type: z.literal("text"), text: z.string().min(1).max(2000) }),
  z.object({ ...base, type: z.literal("ask_human") }),
  z.object({ ...base, type: z.literal("back") }),
  z.object({ ...base, type: z.literal("set_locale"), locale: localeSchema }),
  /** The patient ends the conversation (restart after confirming): an open case shows the clinician they left. */
  z.object({ ...base, type: z.literal("leave") }),
  /** A phone number for the clinician to call back (validated on the server: French or Moroccan). */
  z.object({ ...base, type: z.literal("contact"), phone: z.string().min(1).max(32) }),
  z.object({ ...base, type: z.literal("resume"), resumeToken: z.string().min(16).max(128), afterSeq: z.number().int().min(0) }),
  /** The patient is typing (`on`) or stopped; relayed to the clinician's live view, never stored. Without `on`: typing. */
  z.object({ ...base, type: z.literal("typing"), on: z.boolean().default(true) }),
  z.object({ ...base, type: z.literal("ping") }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage["type"];
/** Every frame type the schema accepts, read from it (so a new frame needs no second list). */
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = clientMessageSchema.options.map((option) => option.shape.type.value);

/* ---- transcript bodies (mirror bot/engine/chatMessage.ts; checked against it in test/web) ---- */

const emergencyNumberSchema = z.object({ number: z.string(), label: z.string() });

export const questionViewSchema = z.object({
  questionId: z.string(),
  type: z.enum(["yes_no", "single_choice", "multiple_choice", "number", "scale", "duration", "free_text"]),
  text: z.string(),
  help: z.string().optional(),
  options: z
    .array(z.object({ value: z.string(), label: z.string(), terms: z.array(z.string()).max(100).optional() }))
    .max(100)
    .optional(),
  groups: z
    .array(z.object({ id: z.string(), label: z.string(), options: z.array(z.string()).max(100) }))
    .max(20)
    .optional(),
  searchable: z.boolean().optional(),
  suggested: z.array(z.string()).max(10).optional(),
  noneOption: z.string().optional(),
  unit: z.object({ symbol: z.string(), label: z.string() }).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  lowLabel: z.string().optional(),
  highLabel: z.string().optional(),
  maxLength: z.number().optional(),
  dontKnow: z.boolean().optional(),
  remaining: z.number().int().min(0).max(99).optional(),
});
export type WireQuestion = z.infer<typeof questionViewSchema>;

export const outcomeViewSchema = z.object({
  urgency: z.enum(URGENCY_LEVELS),
  urgencyLabel: z.string(),
  routing: z.enum(ROUTING_TARGETS),
  title: z.string(),
  nextSteps: z.string(),
  advice: z.string(),
  safetyNet: z.string().optional(),
  emergencyNumbers: z.array(emergencyNumberSchema).optional(),
  crisisLines: z.array(emergencyNumberSchema).optional(),
});
export type WireOutcome = z.infer<typeof outcomeViewSchema>;

export const chatBodySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("text"),
    text: z.string(),
    language: z.string().optional(),
    translation: z.object({ language: z.string(), text: z.string() }).optional(),
    original: z.object({ language: z.string(), text: z.string() }).optional(),
  }),
  z.object({ kind: z.literal("question"), question: questionViewSchema }),
  z.object({ kind: z.literal("answer"), questionId: z.string(), value: z.unknown(), display: z.string() }),
  z.object({
    kind: z.literal("reask"),
    questionId: z.string(),
    problem: z.string(),
    text: z.string(),
    proposal: z.object({ value: z.unknown(), display: z.string() }).optional(),
  }),
  z.object({ kind: z.literal("emergency"), text: z.string(), numbers: z.array(emergencyNumberSchema) }),
  z.object({ kind: z.literal("outcome"), outcome: outcomeViewSchema }),
  z.object({
    kind: z.literal("handoff"),
    status: z.enum(["requested", "joined", "released", "breached", "closed", "left"]),
    text: z.string(),
    expectedWaitMinutes: z.number().optional(),
    emergencyNumbers: z.array(emergencyNumberSchema).optional(),
  }),
  z.object({ kind: z.literal("notice"), text: z.string() }),
]);
export type WireBody = z.infer<typeof chatBodySchema>;

export const chatMessageSchema = z.object({
  sessionId: z.string(),
  seq: z.number().int().min(0),
  at: z.string(),
  locale: localeSchema,
  author: z.enum(["patient", "bot", "clinician", "system"]),
  authorId: z.string().optional(),
  body: chatBodySchema,
});
export type WireChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * Where the patient's hand-off case stands, for the waiting screen (issue 24): its stage, how many
 * cases the queue serves first, the deadline its level's SLA set, whether a call back needs a
 * number and whether one was given (only its last digits come back).
 */
export const handoffViewSchema = z.object({
  caseId: z.string(),
  stage: z.enum(CASE_STAGES),
  urgency: z.enum(URGENCY_LEVELS),
  openedAt: z.string(),
  slaDeadline: z.string(),
  /** Waiting cases the queue serves before this one (more urgent, or as urgent with an earlier deadline). */
  ahead: z.number().int().min(0),
  /** Minutes until the deadline when the view was made (0 once it passed). */
  expectedWaitMinutes: z.number().int().min(0),
  /** The routing may need a call back (the patient need not keep the page open): a number is asked. */
  callBack: z.boolean(),
  phone: z.string().optional(),
  serverTime: z.string(),
});
export type WireHandoffView = z.infer<typeof handoffViewSchema>;
// The server builds the view as bot/cases' HandoffView: both shapes must stay the same.
true satisfies Equal<WireHandoffView, HandoffView>;

export const SESSION_STATUSES = ["active", "completed", "handoff", "closed"] as const;
const statusSchema = z.enum(SESSION_STATUSES);

const serverBase = { v: z.literal(PROTOCOL_VERSION) };

export const serverMessageSchema = z.discriminatedUnion("type", [
  /** The connection is bound to this session (after start or resume). The token only comes after start. */
  z.object({
    ...serverBase,
    type: z.literal("session"),
    sessionId: z.string(),
    resumeToken: z.string().optional(),
    flow: z.string().optional(),
    locale: localeSchema,
    status: statusSchema,
  }),
  /** One transcript message; `seq` repeats message.seq so clients can dedupe without parsing bodies. */
  z.object({ ...serverBase, type: z.literal("message"), seq: z.number().int().min(0), message: chatMessageSchema }),
  /** The question the session waits on (null once there is none), sent after a resume. */
  z.object({ ...serverBase, type: z.literal("question"), sessionId: z.string(), question: questionViewSchema.nullable() }),
  /** The turn started by client message `replyTo` is committed; every message it produced was sent before. */
  z.object({ ...serverBase, type: z.literal("ack"), replyTo: z.string(), status: statusSchema }),
  /** Someone is typing in this session (`on`) or stopped; the page clears it by itself after a few seconds without news. */
  z.object({ ...serverBase, type: z.literal("typing"), who: z.enum(["bot", "clinician"]), on: z.boolean() }),
  /** Whether the assigned clinician has the case open now; sent after a resume and on every change. */
  z.object({ ...serverBase, type: z.literal("presence"), clinician: z.boolean() }),
  /** The session's hand-off case (null: none open); after start and resume, each turn that changes it, and whenever the queue moves. */
  z.object({ ...serverBase, type: z.literal("handoff"), view: handoffViewSchema.nullable() }),
  z.object({ ...serverBase, type: z.literal("error"), code: z.string(), text: z.string(), replyTo: z.string().optional() }),
  z.object({ ...serverBase, type: z.literal("pong"), replyTo: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Close codes the server uses, beyond the standard ones (1001 going away, 1009 too big). */
export const CLOSE_CODES = { goingAway: 1001, policyViolation: 1008, tooBig: 1009, serverError: 1011 } as const;
