import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/triage.db";

export type DatabaseKind = "sqlite" | "postgres";

/** Given DATABASE_URL (or nothing), returns which database it names: PostgreSQL when it starts with `postgres`. */
export function databaseKind(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith("postgres")) return "postgres";
  if (databaseUrl.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres (PostgreSQL)");
}

/** Given a `file:` URL, returns the SQLite file path (relative to the working directory) and creates its folder. */
export function sqliteFile(databaseUrl: string): string {
  const path = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  if (path === ":memory:") return path;
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}
