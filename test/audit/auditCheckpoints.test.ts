import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAdminEvent } from "../../bot/audit/appendAdminEvent.js";
import { AuditCheckpointer } from "../../bot/audit/auditCheckpointer.js";
import { fileDestination, webhookDestination } from "../../bot/audit/checkpointDestinations.js";
import { generateSigningKey, parseSigningKey } from "../../bot/audit/signingKey.js";
import { canonicalJson, hashEvent } from "../../bot/audit/hashEvent.js";
import { hashSealedEvent, openStoredPayload, sealEvent } from "../../bot/audit/sealedPayload.js";
import type { Json } from "../../bot/engine/ports.js";
import { headSourceOf } from "../../bot/store/auditHeads.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { DRIVERS, createTestDatabase, makeTurn, openTestStore, quietLogger, rawQuery, type TestDatabase } from "../store/storeFixtures.js";
import { runAuditCommand } from "./runAuditCommand.js";

/** Runs `triage audit ...` in-process against the test database with the given environment. */
const triage = (databaseUrl: string, env: Record<string, string>, ...args: string[]) => runAuditCommand(args, () => openTestStore(databaseUrl), env);

/** A checkpointer that signs the store's heads with `privatePem` into `file`. */
const fileCheckpointer = (store: PrismaStore, privatePem: string, file: string) =>
  new AuditCheckpointer({
    heads: headSourceOf(store.prisma),
    key: parseSigningKey(privatePem),
    destinations: [fileDestination(file)],
    now: () => new Date(),
    logger: quietLogger,
  });

async function sixEvents(store: PrismaStore, id: string): Promise<void> {
  await store.commitTurn(makeTurn(id, "c1", { isNew: true }));
  await store.commitTurn(makeTurn(id, "c2"));
  await store.commitTurn(makeTurn(id, "c3"));
}

/** What someone with write access to the database does to hide an edit: rewrites the event, every later hash and the head. */
async function editAndRecompute(store: PrismaStore, stream: string, seq: number, payload: Json): Promise<void> {
  const rows = await rawQuery<{ seq: number; at: string; type: string; payload: string; prev_hash: string }>(
    store,
    "SELECT seq, at, type, payload, prev_hash FROM audit_events WHERE stream = ? AND seq >= ? ORDER BY seq",
    stream,
    seq,
  );
  let prevHash = rows[0]!.prev_hash;
  for (const row of rows) {
    const fields = { stream, seq: Number(row.seq), at: row.at, type: row.type, prevHash };
    // The edited event is sealed anew; the later ones keep their payloads and are hashed again from their digests.
    const opened = openStoredPayload(row.payload);
    const { stored, hash } =
      Number(row.seq) === seq
        ? sealEvent(fields, canonicalJson(payload))
        : opened.kind === "sealed" || opened.kind === "erased"
          ? { stored: row.payload, hash: hashSealedEvent(fields, opened.digest) }
          : { stored: row.payload, hash: hashEvent({ ...fields, payload: JSON.parse(row.payload) as Json }) };
    await rawQuery(
      store,
      "UPDATE audit_events SET payload = ?, prev_hash = ?, hash = ? WHERE stream = ? AND seq = ?",
      stored,
      prevHash,
      hash,
      stream,
      Number(row.seq),
    );
    prevHash = hash;
  }
  await rawQuery(store, "UPDATE audit_streams SET head_hash = ? WHERE stream = ?", prevHash, stream);
}

/** Cuts a stream's tail and moves its head back, so the shortened chain still verifies on its own. */
async function truncate(store: PrismaStore, stream: string, keep: number): Promise<void> {
  await rawQuery(store, "DELETE FROM audit_events WHERE stream = ? AND seq > ?", stream, keep);
  const [last] = await rawQuery<{ hash: string }>(store, "SELECT hash FROM audit_events WHERE stream = ? AND seq = ?", stream, keep);
  await rawQuery(store, "UPDATE audit_streams SET head_seq = ?, head_hash = ? WHERE stream = ?", keep, last!.hash, stream);
}

describe.each(DRIVERS)("audit checkpoints on %s", (driver) => {
  let database: TestDatabase;
  let store: PrismaStore;
  let dir: string;
  let env: Record<string, string>;
  let checkpoints: string;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    store = await openTestStore(database.url);
    dir = mkdtempSync(join(tmpdir(), "triage-checkpoints-"));
    checkpoints = join(dir, "checkpoints.jsonl");
    env = { AUDIT_SIGNING_KEY_FILE: join(dir, "audit.key") };
    for (const id of ["s-edit", "s-gone", "s-cut", "s-keep"]) await sixEvents(store, id);
    await appendAdminEvent(store, { stream: "admin", type: "console.login", payload: { method: "password" }, actor: "user-1" });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keygen writes a private key only its owner reads and its public key, and never overwrites", async () => {
    const made = await triage(database.url, env, "keygen", "--out", env.AUDIT_SIGNING_KEY_FILE!);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/key id [0-9a-f]{16}/);
    expect(readFileSync(env.AUDIT_SIGNING_KEY_FILE!, "utf8")).toContain("BEGIN PRIVATE KEY");
    expect(readFileSync(`${env.AUDIT_SIGNING_KEY_FILE!}.pub`, "utf8")).toContain("BEGIN PUBLIC KEY");
    await expect(triage(database.url, env, "keygen", "--out", env.AUDIT_SIGNING_KEY_FILE!)).rejects.toThrow(/the file exists/);
  });

  it("a checkpoint signs every chain head, and the untouched database matches it", async () => {
    const written = await triage(database.url, env, "checkpoint", "--file", checkpoints);
    expect(written).toEqual({ out: expect.stringMatching(/^checkpoint: 5 chain heads signed by key [0-9a-f]{16} to file\n$/), code: 0 });
    const line = JSON.parse(readFileSync(checkpoints, "utf8").trim()) as {
      heads: { stream: string; seq: number; count: number }[];
      full: boolean;
      streams: number;
    };
    expect(line).toMatchObject({ full: true, streams: 5 });
    expect(line.heads.find((h) => h.stream === "s-edit")).toMatchObject({ seq: 6, count: 6 });
    const verified = await triage(database.url, env, "verify", "--checkpoints", checkpoints);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain("CHECKPOINTS 1 of 1 lines signed by key");
    expect(verified.out).toContain("ANCHORED every chain matches the checkpoints\n");
  });

  it("events appended after the checkpoint are not a finding", async () => {
    await store.commitTurn(makeTurn("s-keep", "c4"));
    const verified = await triage(database.url, env, "verify", "--checkpoints", checkpoints);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain("OK s-keep (8 events)");
  });

  it("detects an edited event whose later hashes and head were recomputed, which the chain alone cannot", async () => {
    await editAndRecompute(store, "s-edit", 3, { clientMessageId: "c2", text: "something else" });
    const chainsOnly = await triage(database.url, env, "verify");
    expect(chainsOnly).toMatchObject({ code: 0, out: expect.stringContaining("OK s-edit (6 events)") });
    const verified = await triage(database.url, env, "verify", "--checkpoints", checkpoints);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(
      /^REWRITTEN s-edit: event 6 hashes to [0-9a-f]{12}… in the database, checkpoint line 1 anchored seq 6 with [0-9a-f]{12}… \(the chain was edited and recomputed\)$/m,
    );
  });

  it("detects a whole session stream deleted", async () => {
    await rawQuery(store, "DELETE FROM audit_events WHERE stream = ?", "s-gone");
    await rawQuery(store, "DELETE FROM audit_streams WHERE stream = ?", "s-gone");
    const verified = await triage(database.url, env, "verify", "--checkpoints", checkpoints);
    expect(verified.code).toBe(1);
    expect(verified.out).not.toContain("OK s-gone");
    expect(verified.out).toContain("DELETED s-gone: the chain is gone from the database (checkpoint line 1 anchored seq 6)\n");
  });

  it("detects a truncated tail whose head was moved back", async () => {
    await truncate(store, "s-cut", 4);
    const verified = await triage(database.url, env, "verify", "--checkpoints", checkpoints);
    expect(verified.code).toBe(1);
    expect(verified.out).toContain("OK s-cut (4 events)");
    expect(verified.out).toContain("TRUNCATED s-cut: the database ends at seq 4, checkpoint line 1 anchored seq 6 (events removed from the tail)\n");
  });

  it("refuses a checkpoint whose heads were changed to match a rewrite, or signed by another key, and trusts neither", async () => {
    const original = JSON.parse(readFileSync(checkpoints, "utf8").trim()) as { heads: { stream: string; seq: number; hash: string }[] };
    const [current] = await rawQuery<{ hash: string }>(store, "SELECT hash FROM audit_events WHERE stream = ? AND seq = 6", "s-edit");
    const altered = { ...original, heads: original.heads.map((h) => (h.stream === "s-edit" ? { ...h, hash: current!.hash } : h)) };
    const other = generateSigningKey();
    const otherFile = join(dir, "other.key");
    writeFileSync(otherFile, other.privatePem);
    const forgedFile = join(dir, "forged.jsonl");
    await fileCheckpointer(store, other.privatePem, forgedFile).checkpointNow();
    writeFileSync(forgedFile, `${JSON.stringify(altered)}\n${readFileSync(forgedFile, "utf8")}`);
    const verified = await triage(database.url, env, "verify", "--checkpoints", forgedFile, "--public-key", `${env.AUDIT_SIGNING_KEY_FILE!}.pub`);
    expect(verified.code).toBe(1);
    expect(verified.out).toContain("CHECKPOINTS 0 of 2 lines signed by key");
    expect(verified.out).toMatch(/^FORGED checkpoint line 1: the signature does not verify with key [0-9a-f]{16} \(the line was altered or forged\)$/m);
    expect(verified.out).toMatch(/^FORGED checkpoint line 2: signed by key [0-9a-f]{16}, not by [0-9a-f]{16}$/m);
    expect(verified.out).toContain("NO CHECKPOINT signed by this key: nothing is anchored\n");
  });
});

describe("the periodic checkpointer", () => {
  let database: TestDatabase;
  let store: PrismaStore;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    store = await openTestStore(database.url);
    dir = mkdtempSync(join(tmpdir(), "triage-checkpoints-"));
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every head first, then only the heads that moved, nothing when none did, and the lines verify together", async () => {
    const key = generateSigningKey();
    const keyFile = join(dir, "audit.key");
    writeFileSync(keyFile, key.privatePem);
    const file = join(dir, "checkpoints.jsonl");
    const checkpointer = fileCheckpointer(store, key.privatePem, file);
    await sixEvents(store, "p-1");
    await sixEvents(store, "p-2");
    expect(await checkpointer.checkpointNow()).toEqual({ file: 2 });
    await store.commitTurn(makeTurn("p-2", "c4"));
    await sixEvents(store, "p-3");
    expect(await checkpointer.checkpointNow()).toEqual({ file: 2 });
    expect(await checkpointer.checkpointNow()).toEqual({});
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { full: boolean; streams: number; heads: { stream: string; seq: number }[] });
    expect(lines.map((l) => ({ full: l.full, streams: l.streams, heads: l.heads.map((h) => `${h.stream}@${h.seq}`) }))).toEqual([
      { full: true, streams: 2, heads: ["p-1@6", "p-2@6"] },
      { full: false, streams: 3, heads: ["p-2@8", "p-3@6"] },
    ]);
    const verified = await triage(database.url, { AUDIT_SIGNING_KEY_FILE: keyFile }, "verify", "--checkpoints", file);
    expect(verified).toMatchObject({ code: 0, out: expect.stringContaining("CHECKPOINTS 2 of 2 lines signed by key") });
    expect(verified.out).toContain("3 chains anchored");
  });
  it("writes a last checkpoint on stop with the heads appended since the previous one", async () => {
    const key = generateSigningKey();
    const file = join(dir, "stop.jsonl");
    const checkpointer = fileCheckpointer(store, key.privatePem, file);
    await sixEvents(store, "stop-1");
    checkpointer.start(3_600_000);
    await expect.poll(() => (existsSync(file) ? readFileSync(file, "utf8") : "")).toContain('"stop-1"');
    // Appended after the start's checkpoint; the hourly timer never fires again: only stop() can anchor it.
    await store.commitTurn(makeTurn("stop-1", "c4"));
    await checkpointer.stop();
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { heads: { stream: string; seq: number }[] });
    expect(lines.map((l) => l.heads.find((h) => h.stream === "stop-1")?.seq)).toEqual([6, 8]);
  });

  it("resends to a webhook that failed the heads it missed, with the next checkpoint", async () => {
    const received: { full: boolean; heads: { stream: string; seq: number }[] }[] = [];
    let refuse = true;
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        if (refuse) return res.writeHead(503).end();
        received.push(JSON.parse(body) as (typeof received)[number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/checkpoints`;
      const key = generateSigningKey();
      const webhook = webhookDestination(url, { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 });
      const checkpointer = new AuditCheckpointer({
        heads: headSourceOf(store.prisma),
        key: parseSigningKey(key.privatePem),
        destinations: [webhook],
        now: () => new Date(),
        logger: quietLogger,
      });
      await sixEvents(store, "hook-1");
      expect(await checkpointer.checkpointNow()).toEqual({});
      refuse = false;
      await sixEvents(store, "hook-2");
      const sent = await checkpointer.checkpointNow();
      // Nothing was ever accepted: the next checkpoint is a full one, hook-1 included.
      expect(sent.webhook).toBeGreaterThanOrEqual(2);
      expect(received).toHaveLength(1);
      expect(received[0]!.full).toBe(true);
      expect(received[0]!.heads.map((h) => h.stream)).toEqual(expect.arrayContaining(["hook-1", "hook-2"]));
    } finally {
      await new Promise<void>((done) => receiver.close(() => done()));
    }
  });
});
