import { randomUUID } from "node:crypto";
import type { ServerMessage } from "../../bot/channels/web/protocol.js";
import { WsClient } from "../web/wsClient.js";
import { URINARY_RETENTION } from "../fixtures/urinaryRetention.js";

type Message = Extract<ServerMessage, { type: "message" }>;

/** Raw answers by question id, as the chat page would send them. */
export type WsAnswers = Record<string, string | number | boolean | string[]>;

/** A patient of 30 with urinary symptoms who cannot pass urine with a painful full bladder: URGENT (urinary retention). */
export const URGENT_URINARY: { flow: string; answers: WsAnswers } = { flow: "urinary", answers: { ...URINARY_RETENTION } };

export interface WsPatient {
  client: WsClient;
  sessionId: string;
  resumeToken: string;
  /** Every transcript message received so far. */
  messages: Message["message"][];
  /** Sends free text (to the clinician once one joined); resolves at its ack. */
  say(text: string): Promise<void>;
  /** Waits for a transcript message matching `match` (already received or to come). */
  waitFor(match: (m: Message["message"]) => boolean, ms?: number): Promise<Message["message"]>;
  close(): Promise<void>;
}

/**
 * A patient on the web channel's protocol (no browser): starts `flow`, answers each question the
 * bot asks from `answers` until the outcome, and keeps collecting what the server pushes.
 */
export async function triagePatient(baseUrl: string, flow: string, answers: WsAnswers, locale: "fr" | "en" = "en"): Promise<WsPatient> {
  const client = await WsClient.connect(`${baseUrl.replace(/^http/, "ws")}/ws?lang=${locale}`, { origin: baseUrl });
  const messages: Message["message"][] = [];
  const waiters: { match: (m: Message["message"]) => boolean; resolve: (m: Message["message"]) => void }[] = [];
  const take = (incoming: Message[]) => {
    for (const { message } of incoming) {
      if (messages.some((m) => m.seq === message.seq)) continue;
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (!waiter.match(message)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  };
  const turn = async (body: Record<string, unknown>) => {
    const reply = await client.turn({ id: randomUUID(), ...body });
    if (reply.end.type === "error") throw new Error(`turn ${String(body.type)} failed: ${reply.end.code}`);
    take(reply.messages);
    return reply;
  };
  const start = await client.turn({ id: randomUUID(), type: "start", flow, locale });
  const session = sessionOf(client);
  take(start.messages);
  for (let step = 0; step < 60; step++) {
    const last = [...messages].reverse().find((m) => m.body.kind === "question" || m.body.kind === "outcome");
    if (!last || last.body.kind === "outcome") break;
    const questionId = last.body.kind === "question" ? last.body.question.questionId : "";
    const value = answers[questionId];
    if (value === undefined) throw new Error(`no answer for question ${questionId}`);
    await turn({ type: "answer", value, questionId });
  }
  // Whatever else the server pushes (a clinician's messages) is collected as it arrives.
  const pump = async () => {
    for (;;) {
      try {
        take([await client.next("message", () => true, 3_600_000)]);
      } catch {
        return;
      }
    }
  };
  void pump();
  return {
    client,
    sessionId: session.sessionId,
    resumeToken: session.resumeToken ?? "",
    messages,
    async say(text) {
      await turn({ type: "text", text });
    },
    waitFor(match, ms = 10_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no matching transcript message")), ms);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    close: () => client.close(),
  };
}

function sessionOf(client: WsClient): Extract<ServerMessage, { type: "session" }> {
  const [session] = client.drain("session");
  if (!session) throw new Error("no session message after start");
  return session;
}
