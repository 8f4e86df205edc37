import Database from "better-sqlite3";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKPOINT_BACKSTOP_PAGES } from "../../bot/store/sqliteCheckpointer.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { STORE_VARIANTS, createTestDatabase, makeTurn, openTestStore, type TestDatabase } from "./storeFixtures.js";

/** Turns of these sessions in a copy of the database file alone, as a backup that left the WAL behind would see them. */
function turnsInMainFile(file: string, sessionPrefix: string): number {
  const dir = mkdtempSync(join(tmpdir(), "triage-ckpt-copy-"));
  try {
    copyFileSync(file, join(dir, "copy.db"));
    const copy = new Database(join(dir, "copy.db"), { readonly: true });
    try {
      return (copy.prepare("SELECT COUNT(*) AS n FROM turns WHERE session_id LIKE ?").get(`${sessionPrefix}%`) as { n: number }).n;
    } finally {
      copy.close();
    }
  } catch {
    return -1; // copied in the middle of a checkpoint's page writes: look again
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Frames of the WAL's current generation: a commit after a rewind writes from the start of the
 * file with new salts, and the frames beyond it, left from before, no longer count.
 */
function liveWalFrames(walFile: string): number {
  const wal = readFileSync(walFile);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salts = wal.subarray(16, 24);
  let frames = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (!wal.subarray(at + 8, at + 16).equals(salts)) break;
    frames += 1;
  }
  return frames;
}

describe.each(STORE_VARIANTS.filter((v) => v.driver === "sqlite"))("SQLite checkpoints on $name", ({ options }) => {
  let database: TestDatabase;
  let store: PrismaStore;
  let file: string;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    file = database.url.replace(/^file:/, "");
    store = await openTestStore(database.url, options);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("copies committed turns into the database file within moments, with no further commit to trigger it", async () => {
    for (let i = 0; i < 5; i++) await store.commitTurn(makeTurn(`moment-${i}`, "c1", { isNew: true }));
    // Five turns are a few dozen WAL pages: SQLite alone would leave them in the WAL until 1,000.
    const deadline = Date.now() + 5_000;
    let found = turnsInMainFile(file, "moment-");
    while (found !== 5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = turnsInMainFile(file, "moment-");
    }
    expect(found).toBe(5);
  });

  it("keeps the WAL file bounded while patients keep writing, and loses no turn", async () => {
    const walFile = `${file}-wal`;
    let largestWal = 0;
    // One turn per transaction, each with a long answer: without checkpoints the WAL would pass the backstop.
    const text = "x".repeat(6_000);
    const turns = 1_500;
    for (let i = 0; i < turns; i++) {
      await store.commitTurn(makeTurn(`bounded-${i % 50}`, `c${i}`, { isNew: i < 50, text }));
      if (existsSync(walFile)) largestWal = Math.max(largestWal, statSync(walFile).size);
    }
    const frameBytes = 4096 + 24; // a WAL frame: its page and a header
    expect(largestWal).toBeLessThan((CHECKPOINT_BACKSTOP_PAGES + 1_000) * frameBytes);
    expect((await store.readTurn("bounded-49", `c${turns - 1}`))?.earlier).toMatchObject({ sessionId: "bounded-49", clientMessageId: `c${turns - 1}` });
  });

  it("rewinds the WAL once it has copied it: the next commit writes from the start of the file", async () => {
    const walFile = `${file}-wal`;
    for (let i = 0; i < 300; i++) await store.commitTurn(makeTurn(`rewind-${i % 30}`, `c${i}`, { isNew: i < 30, text: "y".repeat(2_000) }));
    expect(liveWalFrames(walFile)).toBeGreaterThan(100);
    // A quiet moment (a few checkpoint intervals), then one more turn.
    const deadline = Date.now() + 5_000;
    let frames = Infinity;
    for (let i = 0; frames > 50 && i < 5 && Date.now() < deadline; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.commitTurn(makeTurn("rewind-0", `after-${i}`, { text: "z" }));
      frames = liveWalFrames(walFile);
    }
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThanOrEqual(50);
  });
});
