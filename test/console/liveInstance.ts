import { randomUUID } from "node:crypto";
import { loadConfig } from "../../bot/config/config.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer } from "../../bot/server.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { WsClient } from "../web/wsClient.js";
import { ConsoleWsClient } from "./consoleWs.js";
import { PASSWORD } from "./consoleFixtures.js";

/**
 * One instance of the product without the SvelteKit app: the real runtime (store, bus, web and
 * console channels) behind the real HTTP server on 127.0.0.1, on a database a test created.
 * With REDIS_URL, several instances on one PostgreSQL database are the scale-out deployment.
 */
export interface LiveInstance {
  /** The WebSocket endpoint, ws://127.0.0.1:<port>/ws. */
  ws: string;
  runtime: Runtime;
  store: PrismaStore;
  /** Signs a (new or existing) clinician in; returns their user id and a console socket open on the queue (in `lang` as a page in it would ask). */
  clinician(email: string, displayName: string, lang?: "fr" | "en"): Promise<{ userId: string; socket: ConsoleWsClient }>;
  close(): Promise<void>;
}

export async function liveInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<LiveInstance> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...env });
  const parts = await openRuntimeParts(config);
  const runtime = createRuntime(config, parts);
  const server = createServer({ channels: runtime.channels });
  const port = await server.listen(0, "127.0.0.1");
  const ws = `ws://127.0.0.1:${port}/ws`;
  const consoleServices = runtime.console!;
  return {
    ws,
    runtime,
    store: parts.store,
    async clinician(email, displayName, lang) {
      const existing = await consoleServices.users.findByEmail(email);
      if (!existing) await consoleServices.auth.addUser({ email, role: "clinician", displayName, password: PASSWORD }, "test");
      const signed = await consoleServices.auth.signIn({ email, password: PASSWORD, ip: "127.0.0.1" });
      if (!signed.ok) throw new Error(`${email} could not sign in: ${signed.reason}`);
      return { userId: signed.user.id, socket: await ConsoleWsClient.connect(ws, signed.token, lang ? { lang } : {}) };
    },
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}

/** A patient on the web protocol who started `flow` and asked for a clinician: their session has an open case. */
export interface HandedOffPatient {
  client: WsClient;
  sessionId: string;
  resumeToken: string;
  caseId: string;
}

export async function handedOffPatient(instance: LiveInstance, flow: string): Promise<HandedOffPatient> {
  const client = await WsClient.connect(`${instance.ws}?lang=en`);
  const start = await client.turn({ id: randomUUID(), type: "start", flow, locale: "en" });
  if (start.end.type !== "ack") throw new Error(`start failed: ${JSON.stringify(start.end)}`);
  const [session] = client.drain("session");
  const asked = await client.turn({ id: randomUUID(), type: "ask_human" });
  if (asked.end.type !== "ack") throw new Error(`ask_human failed: ${JSON.stringify(asked.end)}`);
  const found = (await instance.runtime.console!.cases.queue()).find((c) => c.sessionId === session!.sessionId);
  if (!found) throw new Error("asking for a clinician opened no case");
  return { client, sessionId: session!.sessionId, resumeToken: session!.resumeToken!, caseId: found.id };
}

/** A round trip on a patient socket: whatever the server sent it before the pong has been received. */
export async function pingPatient(client: WsClient): Promise<void> {
  const id = randomUUID();
  client.send({ v: 1, id, type: "ping" });
  await client.next("pong", (m) => m.replyTo === id);
}
