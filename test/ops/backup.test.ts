import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../bot/cli/runCli.js";
import { PROTOCOL_VERSION } from "../../bot/channels/web/protocol.js";
import { loadConfig } from "../../bot/config/config.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer, type TriageServer } from "../../bot/server.js";
import { migrate } from "../../bot/store/migrate.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { WsClient } from "../web/wsClient.js";
import { capture, triageProcess } from "./cliRun.js";

/*
 * `triage backup` and `triage restore` as an operator runs them: the backup in a process of its
 * own while patients take turns over the WebSocket of a real server on the SQLite file, then the
 * restore, which must bring back every turn the server had acknowledged before the backup began.
 */

const silent = logger.child({}, { level: "silent" });
const PATIENTS = 12;

/** A turn the server acknowledged: by then it was committed. */
interface Acked {
  sessionId: string;
  clientMessageId: string;
}

let dir: string;
let liveFile: string;
let runtime: Runtime;
let server: TriageServer;
let wsUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "triage-backup-"));
  liveFile = join(dir, "live.db");
  const config = loadConfig({ DATABASE_URL: `file:${liveFile}`, LOG_LEVEL: "silent" });
  await migrate(config.env.DATABASE_URL, { logger: silent });
  const parts = await openRuntimeParts(config);
  await parts.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "backup tests" });
  // Every simulated patient connects from 127.0.0.1: the per-IP limit meant for one clinic's NAT would throttle them all together.
  const unthrottled = { points: 1_000_000, durationSeconds: 1 };
  runtime = createRuntime(config, parts, { perIp: unthrottled, perConnection: unthrottled });
  server = createServer({ channels: runtime.channels });
  wsUrl = `ws://127.0.0.1:${await server.listen(0, "127.0.0.1")}/ws`;
});

afterAll(async () => {
  await server.close();
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Patients going through the tiny flow one after another (a connection each) until `stop` is set; every ack is appended to `acked`. */
async function patient(name: string, acked: Acked[], stop: { now: boolean }): Promise<void> {
  for (let round = 0; !stop.now; round += 1) {
    const client = await WsClient.connect(wsUrl);
    try {
      const id = (step: string) => `${name}-${round}-${step}`;
      const start = await client.turn({ v: PROTOCOL_VERSION, id: id("start"), type: "start", flow: "tiny", locale: "fr" });
      expect(start.end).toMatchObject({ type: "ack" });
      const sessionId = client.drain("session")[0]!.sessionId;
      acked.push({ sessionId, clientMessageId: id("start") });
      for (const [step, value] of [
        ["age", 30 + round],
        ["symptoms", ["cough"]],
        ["pain", round % 10],
      ] as const) {
        const reply = await client.turn({ v: PROTOCOL_VERSION, id: id(step), type: "answer", value });
        expect(reply.end).toMatchObject({ type: "ack" });
        acked.push({ sessionId, clientMessageId: id(step) });
      }
    } finally {
      await client.close();
    }
  }
}

function until(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (predicate() ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

function turnsIn(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    return new Set(
      db
        .prepare<[], { k: string }>("SELECT session_id || ' ' || client_message_id AS k FROM turns")
        .all()
        .map((row) => row.k),
    );
  } finally {
    db.close();
  }
}

const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("triage backup under load, then triage restore", () => {
  const backupFile = () => join(dir, "backup.db");

  it("copies the database while patients take turns, and the restored copy holds every turn acknowledged before the backup began", async () => {
    const acked: Acked[] = [];
    const stop = { now: false };
    const patients = Array.from({ length: PATIENTS }, (_, i) => patient(`p${i}`, acked, stop));
    await until(() => acked.length >= 200);
    const ackedBefore = acked.slice();
    const backup = await triageProcess(["backup", backupFile(), "--database-url", `file:${liveFile}`]);
    const ackedDuring = acked.length;
    // Load goes on after the backup: the copy must be consistent, not merely taken at a quiet moment.
    await until(() => acked.length >= ackedDuring + 100);
    stop.now = true;
    await Promise.all(patients);

    expect(backup.err).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/^backup written: .*backup\.db \(\d+ bytes, \d+ pages\)$/m);
    expect(ackedDuring).toBeGreaterThan(ackedBefore.length);

    const restoredFile = join(dir, "restored.db");
    const restore = await triageProcess(["restore", backupFile(), "--database-url", `file:${restoredFile}`]);
    expect(restore.err).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.out).toContain("integrity: ok");
    expect(restore.out).toMatch(/^audit: \d+ chains verified \(\d+ events\)$/m);
    expect(restore.out).toContain(`restored ${restoredFile}`);

    const restored = turnsIn(restoredFile);
    const missing = ackedBefore.filter((turn) => !restored.has(`${turn.sessionId} ${turn.clientMessageId}`));
    expect(missing).toEqual([]);
    // A copy, not the live file: turns acknowledged after it finished are not in it.
    expect(restored.size).toBeLessThan(acked.length);
  });

  it("refuses to restore over the database of a running Triage, and leaves it untouched", async () => {
    const before = turnsIn(liveFile).size;
    const result = await triageProcess(["restore", backupFile(), "--database-url", `file:${liveFile}`]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("TRIAGE_RESTORE_DATABASE_IN_USE");
    expect(result.err).toContain("stop Triage before restoring");
    expect(turnsIn(liveFile).size).toBe(before);
    expect(readdirSync(dir).filter((name) => name.includes(".restore-") || name.includes(".pre-restore-"))).toEqual([]);
  });

  it("restores over an existing stopped database and keeps the one it replaced beside it", async () => {
    const target = join(dir, "stopped.db");
    copyFileSync(backupFile(), target);
    const db = new Database(target);
    db.prepare("DELETE FROM turns").run();
    db.close();
    const io = capture();
    expect(await runCli(["restore", backupFile(), "--database-url", `file:${target}`], io.io)).toBe(0);
    const kept = /the database it replaced is kept as (\S+)/.exec(io.out())![1]!;
    expect(turnsIn(kept).size).toBe(0);
    expect(turnsIn(target).size).toBe(turnsIn(backupFile()).size);
  });

  it("refuses a copy whose audit log was edited, names the broken chain, and replaces nothing", async () => {
    const tampered = join(dir, "tampered.db");
    copyFileSync(backupFile(), tampered);
    const db = new Database(tampered);
    const event = db
      .prepare<[], { stream: string; seq: number }>("SELECT stream, seq FROM audit_events WHERE stream <> 'admin' ORDER BY stream, seq LIMIT 1 OFFSET 3")
      .get()!;
    db.prepare("UPDATE audit_events SET payload = ? WHERE stream = ? AND seq = ?").run('{"edited":true}', event.stream, event.seq);
    db.close();

    const check = capture();
    expect(await runCli(["restore", tampered, "--check"], check.io)).toBe(1);
    expect(check.out()).toContain(`PROBLEM audit chain ${event.stream} broken at seq ${event.seq}`);
    expect(check.out()).toContain("NOT OK");

    const target = join(dir, "target.db");
    copyFileSync(backupFile(), target);
    const before = digest(target);
    const restore = capture();
    expect(await runCli(["restore", tampered, "--database-url", `file:${target}`], restore.io)).toBe(1);
    expect(restore.err()).toContain("TRIAGE_RESTORE_CHECK_FAILED");
    expect(digest(target)).toBe(before);
  });

  it("refuses a file that is not a SQLite database", async () => {
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "not a database at all, just text");
    const run = capture();
    expect(await runCli(["restore", junk, "--database-url", `file:${join(dir, "other.db")}`], run.io)).toBe(1);
    expect(run.err()).toContain("TRIAGE_RESTORE_NOT_A_DATABASE");
    expect(existsSync(join(dir, "other.db"))).toBe(false);
  });

  it("refuses a copy whose integrity check fails", async () => {
    const torn = join(dir, "torn.db");
    const bytes = readFileSync(backupFile());
    // Keep the header, overwrite pages in the middle: what a torn copy from a careless file copy looks like.
    bytes.fill(0x5a, 4096 * 2, Math.min(bytes.length, 4096 * 6));
    writeFileSync(torn, bytes);
    const run = capture();
    expect(await runCli(["restore", torn, "--check"], run.io)).toBe(1);
    expect(run.out()).toMatch(/PROBLEM integrity check: /);
  });

  it("never overwrites an existing file with a backup", async () => {
    const run = capture();
    const before = digest(backupFile());
    expect(await runCli(["backup", backupFile(), "--database-url", `file:${liveFile}`], run.io)).toBe(1);
    expect(run.err()).toContain("TRIAGE_BACKUP_TARGET_EXISTS");
    expect(digest(backupFile())).toBe(before);
  });

  it("points to pg_dump when the database is PostgreSQL", async () => {
    const run = capture();
    expect(await runCli(["backup", join(dir, "pg.db"), "--database-url", "postgresql://postgres@127.0.0.1:5432/test"], run.io)).toBe(2);
    expect(run.err()).toContain("pg_dump");
  });
});
