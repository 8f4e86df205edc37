import { committedMigrations } from "../store/migrate.js";
import type { DatabaseKind } from "../store/databaseUrl.js";
import type { CheckResult, ReadinessCheck } from "./readinessCheck.js";

/** What the database check needs of the store: PrismaStore has both. */
export interface QueryableStore {
  readonly kind: DatabaseKind;
  readonly prisma: { $queryRawUnsafe(query: string): Promise<unknown> };
}

/**
 * Given the store, returns the `database` check: one query on the store's own connection (so a
 * broken pool shows, not only a broken server) that also tells whether every migration this code
 * ships is applied. Migrations the database has and this code lacks (a newer instance ran first)
 * do not make it unready: migrations only add.
 */
export function databaseReadiness(store: QueryableStore): ReadinessCheck {
  const expected = committedMigrations(store.kind).map((migration) => migration.name);
  return {
    name: "database",
    async run(): Promise<CheckResult> {
      const rows = (await store.prisma.$queryRawUnsafe("SELECT name FROM _triage_migrations")) as { name: string }[];
      const applied = new Set(rows.map((row) => row.name));
      const pending = expected.filter((name) => !applied.has(name)).length;
      return pending === 0 ? { status: "ok" } : { status: "fail", code: "migrations_pending", pending };
    },
  };
}
