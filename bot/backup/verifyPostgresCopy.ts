import pg from "pg";
import { verifyChains } from "../audit/verifyChains.js";
import type { Logger } from "../logger.js";
import { committedMigrations } from "../store/migrate.js";
import { openStore } from "../store/openStore.js";
import { compareMigrations, migrationProblems, type CopyReport } from "./verifySqliteCopy.js";

/**
 * Given a PostgreSQL database restored from pg_dump or a PITR, runs the checks `triage restore`
 * runs on a SQLite copy, before any instance is pointed at it: the migrations it records against
 * the ones this code ships, and every audit hash chain. Page-level integrity is PostgreSQL's own
 * (data checksums, `pg_amcheck`: README). Reads only.
 */
export async function verifyPostgresCopy(databaseUrl: string, logger: Logger): Promise<CopyReport> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let recorded: Map<string, string>;
  try {
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('_triage_migrations')::text AS t");
    if (exists.rows[0]?.t === null) {
      problems.push("not a Triage database (no migrations table)");
      return {
        integrity: "not checked (PostgreSQL)",
        migrations: { applied: 0, pending: [], unknown: [], edited: [] },
        chains: { verified: 0, events: 0, broken: [] },
        problems,
      };
    }
    recorded = new Map(
      (await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _triage_migrations")).rows.map((row) => [row.name, row.checksum]),
    );
  } finally {
    await client.end();
  }
  const migrations = compareMigrations(recorded, committedMigrations("postgres"));
  problems.push(...migrationProblems(migrations));
  const store = await openStore({ databaseUrl, logger, poolSize: 2 });
  try {
    const reports = await verifyChains(store);
    const broken = reports.filter((r) => !r.ok).map((r) => ({ stream: r.stream, seq: r.firstBroken!.seq, problem: r.firstBroken!.problem }));
    for (const b of broken) problems.push(`audit chain ${b.stream} broken at seq ${b.seq}: ${b.problem}`);
    return {
      integrity: "not checked (PostgreSQL)",
      migrations,
      chains: { verified: reports.length - broken.length, events: reports.reduce((n, r) => n + r.events, 0), broken },
      problems,
    };
  } finally {
    await store.close();
  }
}
