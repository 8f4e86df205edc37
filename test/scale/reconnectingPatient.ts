import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { PROTOCOL_VERSION, serverMessageSchema, type WireChatMessage, type WireQuestion } from "../../bot/channels/web/protocol.js";

/*
 * A patient as the chat page drives the web protocol (console/lib/chat/chatSession.svelte.ts), in
 * Node: a client key per page; every frame kept in an outbox until acknowledged; when the socket
 * drops, reconnect (with back-off), `resume` with the token and the last seq seen, wait for the
 * pending question, then send the unacknowledged frames again with their original ids. Used by
 * the multi-instance tests and the benchmark, through a load balancer that may send each new
 * connection to another instance.
 */

/** A plausible answer to any question: benign choices, so that most sessions walk a long path. */
export function benignAnswer(q: WireQuestion): string | number | boolean | string[] {
  const options = q.options ?? [];
  const prefer = ["no", "normal", "managing", "not_breathless", "gradual", "not_counted", "not_checked", "same_as_usual", "male", "other"];
  switch (q.type) {
    case "yes_no":
      return false;
    case "single_choice":
      return (options.find((o) => prefer.includes(o.value)) ?? options[0]!).value;
    case "multiple_choice":
      return [q.noneOption ?? options[0]!.value];
    case "number":
      return q.questionId.includes("age_years") ? 35 : Math.round((((q.min ?? 0) + (q.max ?? 100)) / 2) * 10) / 10;
    case "scale":
      return 3;
    case "duration":
      return "2 days";
    default:
      return "back pain";
  }
}

export interface PatientOptions {
  /** ws://.../ws (the load balancer's). */
  url: string;
  flow: string;
  locale?: "fr" | "en";
  /** Mean pause before each answer; each one is drawn from half to one and a half of it. */
  thinkMs?: number;
  /** Gives up (the run reports it as not finished) after this long. */
  deadlineMs?: number;
  /** Called at each acknowledgement (a test kills an instance part of the way through). */
  onAcknowledged?: () => void;
}

/** One acknowledged frame: its id and the transcript messages the patient had been sent for it. */
export interface AcknowledgedTurn {
  clientMessageId: string;
  status: string;
}

export interface PatientReport {
  sessionId: string | undefined;
  finished: boolean;
  /** Why it did not finish (a coded error, a refused resume, the deadline). */
  failure?: string;
  status: string | undefined;
  acknowledged: AcknowledgedTurn[];
  /** Every transcript message received, by seq (what the patient saw). */
  seen: Map<number, WireChatMessage>;
  /** How many times the socket was opened again after a drop. */
  reconnects: number;
  /** Conflicts and rate limits answered by sending again. */
  resent: number;
  /** Frames sent again after a resume because their acknowledgement had not come when the socket dropped. */
  resentAfterDrop: number;
  /** Send-to-acknowledgement times of the turns, in milliseconds. */
  latenciesMs: number[];
}

const newId = () => randomBytes(12).toString("base64url");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one patient from `start` to the end of the flow (or the deadline); resolves with what happened. */
export function runPatient(options: PatientOptions): Promise<PatientReport> {
  const thinkMs = options.thinkMs ?? 0;
  const clientKey = randomBytes(16).toString("base64url");
  const report: PatientReport = {
    sessionId: undefined,
    finished: false,
    status: undefined,
    acknowledged: [],
    seen: new Map(),
    reconnects: 0,
    resent: 0,
    resentAfterDrop: 0,
    latenciesMs: [],
  };
  /** Frames not acknowledged yet, sent again after a reconnection (a start leaves it once its session is known). */
  const outbox: { id: string; frame: string }[] = [];
  /** When each frame waiting for its acknowledgement was first sent. */
  const sentAt = new Map<string, number>();
  let resumeToken: string | undefined;
  let question: WireQuestion | null = null;
  let socket: WebSocket | undefined;
  let resuming: string | undefined;
  let attempt = 0;
  let done = false;

  return new Promise((resolve) => {
    const deadline = setTimeout(() => finish("deadline"), options.deadlineMs ?? 120_000);
    function finish(failure?: string): void {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      report.finished = failure === undefined;
      if (failure) report.failure = failure;
      socket?.removeAllListeners();
      socket?.on("error", () => undefined);
      socket?.close();
      resolve(report);
    }
    const ready = () => socket?.readyState === WebSocket.OPEN && resuming === undefined;
    const write = (frame: string) => socket?.send(frame);
    const send = (body: Record<string, unknown>) => {
      const id = newId();
      const entry = { id, frame: JSON.stringify({ v: PROTOCOL_VERSION, id, ...body }) };
      outbox.push(entry);
      sentAt.set(id, performance.now());
      if (ready()) write(entry.frame);
    };
    const flush = () => outbox.forEach((o) => write(o.frame));
    const answerNext = async () => {
      if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()));
      if (done) return;
      if (!question || report.status !== "active") return finish();
      send({ type: "answer", value: benignAnswer(question), questionId: question.questionId });
    };

    function connect(): void {
      const ws = new WebSocket(`${options.url}?lang=${options.locale ?? "en"}`, { perMessageDeflate: false });
      socket = ws;
      ws.on("open", () => {
        attempt = 0;
        if (resumeToken) {
          resuming = newId();
          const afterSeq = Math.max(0, ...report.seen.keys());
          write(JSON.stringify({ v: PROTOCOL_VERSION, id: resuming, type: "resume", resumeToken, afterSeq }));
        } else flush();
      });
      ws.on("message", (data) => received(String(data)));
      ws.on("error", () => ws.close());
      ws.on("close", () => {
        if (done || ws !== socket) return;
        // Dropped (its instance was killed): back again through the load balancer, as the page does.
        resuming = undefined;
        report.reconnects += 1;
        const delay = Math.min(2_000, 200 * 2 ** attempt);
        attempt += 1;
        setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
      });
    }

    function received(data: string): void {
      const parsed = serverMessageSchema.safeParse(JSON.parse(data));
      if (!parsed.success) return finish("BAD_SERVER_FRAME");
      const m = parsed.data;
      switch (m.type) {
        case "session":
          report.sessionId = m.sessionId;
          report.status = m.status;
          if (m.resumeToken) {
            resumeToken = m.resumeToken;
            // The session exists: a start sent again after a drop must not open another (the page drops it too).
            const start = outbox.findIndex((o) => o.frame.includes('"type":"start"'));
            if (start >= 0) outbox.splice(start, 1);
          }
          break;
        case "message": {
          const body = m.message.body;
          report.seen.set(m.message.seq, m.message);
          if (m.message.seq === Math.max(...report.seen.keys())) {
            if (body.kind === "question") question = body.question;
            if (body.kind === "outcome" || body.kind === "emergency") question = null;
          }
          break;
        }
        case "question":
          question = m.question;
          if (resuming !== undefined) {
            resuming = undefined;
            // Frames still unacknowledged go again; with none (an acknowledgement lost with the
            // socket), the patient answers the question on screen, or is done.
            if (outbox.length > 0) {
              report.resentAfterDrop += outbox.length;
              flush();
            } else void answerNext();
          }
          break;
        case "ack": {
          const sent = m.replyTo === undefined ? undefined : sentAt.get(m.replyTo);
          if (sent === undefined) break;
          sentAt.delete(m.replyTo!);
          const index = outbox.findIndex((o) => o.id === m.replyTo);
          if (index >= 0) outbox.splice(index, 1);
          report.latenciesMs.push(performance.now() - sent);
          report.acknowledged.push({ clientMessageId: m.replyTo!, status: m.status });
          report.status = m.status;
          options.onAcknowledged?.();
          void answerNext();
          break;
        }
        case "error": {
          if (m.replyTo !== undefined && m.replyTo === resuming) return finish(`resume refused: ${m.code}`);
          const index = outbox.findIndex((o) => o.id === m.replyTo);
          if (index < 0) break;
          if (m.code === "TRIAGE_RATE_LIMITED" || m.code === "TRIAGE_SESSION_CONFLICT") {
            // Sent again with its id: the server applies it once.
            report.resent += 1;
            const entry = outbox[index]!;
            void sleep(200).then(() => !done && ready() && outbox.includes(entry) && write(entry.frame));
            break;
          }
          finish(m.code);
          break;
        }
        default:
          break;
      }
    }

    send({ type: "start", flow: options.flow, locale: options.locale ?? "en", client: clientKey });
    connect();
  });
}
