import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../bot/cli/runCli.js";
import { createTestDatabase, makeTurn, openTestStore, POSTGRES_ADMIN_URL, type TestDatabase } from "../store/storeFixtures.js";
import { onServer } from "../services/postgresDatabase.js";
import { capture } from "./cliRun.js";

/*
 * The PostgreSQL path the README documents: pg_dump of a database Triage wrote to, pg_restore into
 * a fresh database, then `triage restore --check <url>` before any instance is pointed at it.
 */

const run = promisify(execFile);
let source: TestDatabase;
let restoredName: string;
let restoredUrl: string;
let dir: string;

const admin = (sql: string) => onServer(POSTGRES_ADMIN_URL, sql);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "triage-pgdump-"));
  source = await createTestDatabase("postgres");
  const store = await openTestStore(source.url);
  try {
    for (const session of ["s1", "s2", "s3"]) {
      await store.commitTurn(makeTurn(session, `${session}-start`, { isNew: true }));
      await store.commitTurn(makeTurn(session, `${session}-a1`));
    }
    await store.appendAuditEvents("admin", [{ type: "user.created", payload: { by: "cli" } }]);
  } finally {
    await store.close();
  }
  const dump = join(dir, "triage.dump");
  await run("pg_dump", ["--format=custom", `--file=${dump}`, `--dbname=${source.url}`]);
  restoredName = `test_restored_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${restoredName}`);
  const url = new URL(source.url);
  url.pathname = `/${restoredName}`;
  restoredUrl = url.toString();
  await run("pg_restore", ["--no-owner", `--dbname=${restoredUrl}`, dump]);
});

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
  await source.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("triage restore --check on a PostgreSQL database restored from pg_dump", () => {
  it("finds every migration applied and every audit chain intact", async () => {
    const io = capture();
    expect(await runCli(["restore", "--check", restoredUrl], io.io)).toBe(0);
    expect(io.out()).toContain("audit: 4 chains verified (13 events)");
    expect(io.out()).toMatch(/^migrations: \d+ applied$/m);
    expect(io.out()).toContain("OK the database can be used");
  });

  it("names the broken chain once an audit event of the restored database was edited", async () => {
    const client = new pg.Client({ connectionString: restoredUrl });
    await client.connect();
    await client.query(`UPDATE audit_events SET payload = '{"edited":true}' WHERE stream = 's2' AND seq = 3`);
    await client.end();
    const io = capture();
    expect(await runCli(["restore", "--check", restoredUrl], io.io)).toBe(1);
    expect(io.out()).toContain("PROBLEM audit chain s2 broken at seq 3");
    expect(io.out()).toContain("NOT OK the database cannot be used");
  });
});
