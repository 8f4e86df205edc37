import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

/*
 * Prisma CLI configuration for the SQLite schema (the source model). The JS engine with a driver
 * adapter keeps the CLI from downloading a native schema engine. PostgreSQL has its own config:
 * prisma/postgres.config.ts. Runtime migrations use bot/store/migrate.ts, not this file.
 */
const url = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL : "file:./data/triage.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const path = url.replace(/^file:/, "");
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
