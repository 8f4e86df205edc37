import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { CommittedTurn } from "../../bot/engine/ports.js";
import { migrate } from "../../bot/store/migrate.js";
import { sqliteFile } from "../../bot/store/databaseUrl.js";
import { DRIVERS, createTestDatabase, openTestStore, quietLogger, type Driver } from "./storeFixtures.js";

/*
 * Issue 23: a turn's reply is stored once. Before 20261207000000_turn_reply_once, the `turns` row
 * held the reply as JSON next to the same messages in `messages`; the migration keeps only where
 * they are. A message id re-sent after the upgrade must still get the reply it got before.
 */

const BEFORE = "20261123020000_sessions_drop_status_updated_at_index";
const AT = "2026-03-01T10:00:00.000Z";

/** A reply as the previous version stored it: two messages (seqs 3 and 4) and the status the turn left. */
const OLD_REPLY: CommittedTurn = {
  sessionId: "s-old",
  clientMessageId: "c-2",
  status: "handoff",
  messages: [
    { sessionId: "s-old", seq: 3, at: AT, locale: "fr", author: "patient", body: { kind: "text", text: "j'ai mal" } },
    { sessionId: "s-old", seq: 4, at: AT, locale: "fr", author: "bot", authorId: "bot", body: { kind: "notice", text: "Un clinicien va vous répondre." } },
  ],
};
const EMPTY_REPLY: CommittedTurn = { sessionId: "s-old", clientMessageId: "c-empty", status: "handoff", messages: [] };

/** Runs statements written with $1.. placeholders on either database. */
async function execute(driver: Driver, url: string, statements: [string, unknown[]][]): Promise<void> {
  if (driver === "sqlite") {
    const db = new Database(sqliteFile(url));
    try {
      for (const [sql, params] of statements) db.prepare(sql.replace(/\$\d+/g, "?")).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [sql, params] of statements) await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe.each(DRIVERS)("the reply-once migration on %s", (driver) => {
  it("keeps the reply of every turn stored before it: a re-sent message id gets the same messages and status", async () => {
    const database = await createTestDatabase(driver, { until: BEFORE });
    try {
      const time = driver === "sqlite" ? AT.replace(/Z$/, "+00:00") : AT;
      const message = (seq: number, author: string, authorId: string | null, body: unknown): [string, unknown[]] => [
        "INSERT INTO messages (session_id, seq, author, author_id, body, locale, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        ["s-old", seq, author, authorId, JSON.stringify(body), "fr", time],
      ];
      const turn = (reply: CommittedTurn): [string, unknown[]] => [
        "INSERT INTO turns (session_id, client_message_id, reply, at) VALUES ($1, $2, $3, $4)",
        ["s-old", reply.clientMessageId, JSON.stringify(reply), time],
      ];
      await execute(driver, database.url, [
        [
          "INSERT INTO sessions (id, flow_slug, flow_version, state, locale, status, channel, urgency, resume_token_hash, last_seq, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          ["s-old", "general", 1, JSON.stringify({ frames: [] }), "fr", "handoff", "web", null, "hash-old", 4, time, time],
        ],
        message(1, "bot", null, { kind: "notice", text: "Bonjour" }),
        message(2, "patient", null, { kind: "text", text: "bonjour" }),
        ...OLD_REPLY.messages.map((m) => message(m.seq, m.author, m.authorId ?? null, m.body)),
        turn({ sessionId: "s-old", clientMessageId: "c-1", status: "active", messages: [] }),
        turn(OLD_REPLY),
        turn(EMPTY_REPLY),
      ]);
      expect(await migrate(database.url, { logger: quietLogger })).toContain("20261207000000_turn_reply_once");
      const store = await openTestStore(database.url);
      try {
        expect((await store.readTurn("s-old", "c-2"))?.earlier).toEqual(OLD_REPLY);
        expect((await store.readTurn("s-old", "c-empty"))?.earlier).toEqual(EMPTY_REPLY);
        expect((await store.readTurn("s-old", "c-new"))?.earlier).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
