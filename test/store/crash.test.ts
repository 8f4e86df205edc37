import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import type { CommittedTurn } from "../../bot/engine/ports.js";
import { createTestDatabase, openTestStore, rawQuery, type TestDatabase } from "./storeFixtures.js";

const CHILD = fileURLToPath(new URL("./crashChild.ts", import.meta.url));
const RUNS = 20;

/** Starts the child, kills it with SIGKILL 100-600 ms after it is ready; returns the turns it acknowledged. */
function runAndKill(databaseUrl: string, runId: number): Promise<{ acked: [string, string][]; delayMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, databaseUrl, String(runId)], { stdio: ["ignore", "pipe", "pipe"] });
    const delayMs = 100 + Math.floor(Math.random() * 500);
    let out = "";
    let err = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (!timer && out.includes("READY\n")) timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`child ended without being killed: ${err.slice(0, 2000)}`));
      const acked = out
        .split("\n")
        .filter((line) => line.startsWith("ACK "))
        .map((line) => line.split(" ").slice(1) as [string, string]);
      resolve({ acked, delayMs });
    });
  });
}

describe("crash safety on SQLite", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    await database?.drop();
  });

  // Each run starts a process through tsx (seconds on a busy machine): the time limit only stops a hung run, it measures nothing.
  it(`keeps every acknowledged turn and intact chains across ${RUNS} SIGKILLs under load`, { timeout: 240_000 }, async () => {
    let totalAcked = 0;
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = Date.now();
      const { acked } = await runAndKill(database.url, run);
      totalAcked += acked.length;
      const store = await openTestStore(database.url);
      try {
        const prefix = `crash-${run}-`;
        const messages = await rawQuery<{ session_id: string; seq: number }>(
          store,
          "SELECT session_id, seq FROM messages WHERE session_id LIKE ?",
          `${prefix}%`,
        );
        const stored = new Set(messages.map((m) => `${m.session_id} ${Number(m.seq)}`));
        for (const [sessionId, clientMessageId] of acked) {
          // The reply a re-sent message id gets (its messages are stored once, in `messages`).
          const reply: CommittedTurn | undefined = (await store.readTurn(sessionId, clientMessageId))?.earlier;
          expect(reply, `acknowledged turn ${sessionId}/${clientMessageId} lost`).toBeDefined();
          for (const m of reply!.messages) expect(stored.has(`${sessionId} ${m.seq}`), `message ${sessionId}#${m.seq} lost`).toBe(true);
        }
        // This run's chains (earlier runs were verified by their own iteration).
        const reports = await verifyChains({
          listAuditStreams: async () => (await store.listAuditStreams()).filter((s) => s.stream.startsWith(prefix)),
          readAuditEvents: (stream, after, limit) => store.readAuditEvents(stream, after, limit),
        });
        expect(reports.length).toBeGreaterThan(0);
        expect(reports.filter((r) => !r.ok)).toEqual([]);
        // Every session's last_seq is its highest message: no half-written turn.
        const torn = await rawQuery(
          store,
          "SELECT s.id FROM sessions s WHERE s.last_seq <> (SELECT COALESCE(MAX(seq), 0) FROM messages m WHERE m.session_id = s.id)",
        );
        expect(torn).toEqual([]);
      } finally {
        await store.close();
      }
      timings.push(Date.now() - started);
    }
    console.info(`crash test: ${totalAcked} acknowledged turns over ${RUNS} kills; ms per run: ${timings.join(" ")}`);
    expect(totalAcked).toBeGreaterThan(RUNS);
  });
});
