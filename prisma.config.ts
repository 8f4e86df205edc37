import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { jsEngineConfig } from "./prisma/jsEngineConfig";

/*
 * Prisma CLI configuration for the SQLite schema (the source model), on the JS engine
 * (prisma/jsEngineConfig.ts). PostgreSQL has its own config: prisma/postgres.config.ts. Runtime
 * migrations use bot/store/migrate.ts, not this file.
 */
const url = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL : "file:./data/triage.db";

export default jsEngineConfig("prisma/schema.prisma", "prisma/migrations", async () => {
  const path = url.replace(/^file:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  return new PrismaBetterSQLite3({ url });
});
