/*
 * WebSocket load generator: N concurrent patients (default 2000) against a running server, each
 * starting a flow and answering until it ends. Reports turns/s and the latency from send to the
 * turn's ack (the reply exists only after the commit) as JSON on stdout.
 *
 *   tsx bench/wsLoad.ts --url ws://127.0.0.1:3000/ws --connections 2000 --flow general
 *
 * Run it in its own process, against a server started with rate limits raised for one client IP,
 * e.g. WS_RATE_IP_POINTS=100000000 WS_RATE_CONNECTION_POINTS=100000 npm start. Bounded: it stops
 * after --timeout seconds whatever happens, and only targets this machine unless --allow-remote.
 */
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { PROTOCOL_VERSION, serverMessageSchema, type WireQuestion } from "../bot/channels/web/protocol.js";
// The same patient answers as the multi-instance tests give.
import { benignAnswer } from "../test/scale/reconnectingPatient.js";

const { values: args } = parseArgs({
  options: {
    url: { type: "string", default: process.env.TRIAGE_WS_URL ?? "ws://127.0.0.1:3000/ws" },
    connections: { type: "string", default: "2000" },
    flow: { type: "string", default: "general" },
    locale: { type: "string", default: "en" },
    "connect-batch": { type: "string", default: "200" },
    "think-ms": { type: "string", default: "0" },
    /** Patients arrive spread over this time (default: one think time), not all in the same instant. */
    "ramp-ms": { type: "string" },
    timeout: { type: "string", default: "300" },
    "allow-remote": { type: "boolean", default: false },
  },
});

const url = new URL(args.url!);
const connections = Number(args.connections);
const batch = Number(args["connect-batch"]);
const thinkMs = Number(args["think-ms"]);
const rampMs = Number(args["ramp-ms"] ?? thinkMs);
const timeoutMs = Number(args.timeout) * 1000;
const locale = args.locale === "fr" ? "fr" : "en";
if (!args["allow-remote"] && !["127.0.0.1", "localhost", "[::1]", "::1"].includes(url.hostname)) {
  process.stderr.write(`refusing to load ${url.hostname}: this generator targets this machine only (--allow-remote to override)\n`);
  process.exit(2);
}

const latencies: number[] = [];
const errors: Record<string, number> = {};
let completed = 0;
let failed = 0;
let turns = 0;
let retries = 0;
let connectRetries = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One patient: connect, start, answer until the session has no question; resolves either way. */
function patient(index: number, deadline: number, attempt = 0): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let opened = false;
    let question: WireQuestion | null = null;
    let pending: { id: string; frame: string; sentAt: number } | undefined;
    let seq = 0;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      if (ok) completed++;
      else failed++;
      socket.close();
      resolve();
    };
    const send = (body: Record<string, unknown>) => {
      const id = `p${index}-${++seq}`;
      pending = { id, frame: JSON.stringify({ v: PROTOCOL_VERSION, id, ...body }), sentAt: performance.now() };
      socket.send(pending.frame);
    };
    const next = async () => {
      // People take between half and one and a half of the mean think time (uniform): a constant
      // pause would keep all patients answering in lockstep, in waves no real audience makes.
      if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()));
      if (Date.now() > deadline) return finish(false);
      if (!question) return finish(true);
      send({ type: "answer", value: benignAnswer(question), questionId: question.questionId });
    };
    socket.on("open", () => {
      opened = true;
      send({ type: "start", flow: args.flow, locale });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // A refused or reset handshake is retried, as the chat page does (with a pause).
      if (!opened && attempt < 3 && !done) {
        done = true;
        connectRetries++;
        void sleep(250 * (attempt + 1))
          .then(() => patient(index, deadline, attempt + 1))
          .then(resolve);
        return;
      }
      const code = `SOCKET_${error.code ?? error.message.slice(0, 40)}`;
      errors[code] = (errors[code] ?? 0) + 1;
      finish(false);
    });
    socket.on("close", () => finish(false));
    socket.on("message", (data) => {
      const parsed = serverMessageSchema.safeParse(JSON.parse(String(data)));
      if (!parsed.success) {
        errors.BAD_SERVER_FRAME = (errors.BAD_SERVER_FRAME ?? 0) + 1;
        return;
      }
      const m = parsed.data;
      if (m.type === "message") {
        const body = m.message.body;
        if (body.kind === "question") question = body.question;
        if (body.kind === "outcome") question = null;
      } else if (m.type === "ack" && pending && m.replyTo === pending.id) {
        latencies.push(performance.now() - pending.sentAt);
        turns++;
        if (m.status !== "active") question = null;
        void next();
      } else if (m.type === "error" && pending && m.replyTo === pending.id) {
        errors[m.code] = (errors[m.code] ?? 0) + 1;
        if (m.code === "TRIAGE_RATE_LIMITED") {
          // The same client id again after a pause: the server dedupes, nothing is applied twice.
          retries++;
          const frame = pending.frame;
          void sleep(1000).then(() => !done && socket.send(frame));
        } else finish(false);
      }
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const running: Promise<void>[] = [];
  if (rampMs > 0) {
    // Arrivals spread evenly over the ramp, as patients opening the chat at their own moment.
    const step = rampMs / connections;
    for (let i = 0; i < connections; i++) {
      running.push(patient(i, deadline));
      if ((i + 1) % Math.max(1, Math.round(10 / step)) === 0) await sleep(10);
    }
  } else {
    for (let i = 0; i < connections; i += batch) {
      for (let j = i; j < Math.min(connections, i + batch); j++) running.push(patient(j, deadline));
      await sleep(50);
    }
  }
  const guard = setTimeout(() => {
    process.stderr.write("wsLoad: timeout reached, reporting what finished\n");
    report(started, true);
    process.exit(1);
  }, timeoutMs + 5_000);
  await Promise.all(running);
  clearTimeout(guard);
  report(started, false);
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function report(started: number, timedOut: boolean): void {
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({
      url: url.href,
      flow: args.flow,
      connections,
      completedSessions: completed,
      failedSessions: failed,
      turns,
      rateLimitedRetries: retries,
      connectRetries,
      durationSeconds: round(seconds),
      turnsPerSecond: round(turns / seconds),
      /** The generator's own CPU per turn: it shares this machine's cores with the server. */
      generatorCpuMsPerTurn: round(cpuMs() / Math.max(1, turns)),
      latencyMs: { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) },
      errors,
      timedOut,
    })}\n`,
  );
}

await main();
