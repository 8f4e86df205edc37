import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * Derives the PostgreSQL schema from the SQLite one (the source of the model), so both generated
 * clients and both migration sets come from one model. Usage:
 *   tsx prisma/derivePostgresSchema.ts          writes prisma/postgres/schema.prisma
 *   tsx prisma/derivePostgresSchema.ts --check  exits 1 when the committed file is stale
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = resolve(root, "prisma/schema.prisma");
export const POSTGRES_SCHEMA = resolve(root, "prisma/postgres/schema.prisma");

function replaceOnce(text: string, from: RegExp, to: string): string {
  if (!from.test(text)) throw new Error(`prisma/schema.prisma no longer matches ${from}: update derivePostgresSchema.ts`);
  return text.replace(from, to);
}

/** Given the SQLite schema text, returns the PostgreSQL schema text. */
export function derivePostgresSchema(sqlite: string): string {
  let text = sqlite;
  text = replaceOnce(text, /provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  text = replaceOnce(text, /url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://postgres@127.0.0.1:5432/triage"');
  // The schema moves one folder down: relative outputs follow it.
  text = replaceOnce(text, /output\s*=\s*"\.\.\/bot\/store\/generated\/sqlite"/, 'output       = "../../bot/store/generated/postgres"');
  // Timestamps keep their time zone on PostgreSQL.
  text = text.replace(/^(\s+\w+\s+DateTime\??)(.*)$/gm, (_line, head: string, rest: string) => `${head}${rest} @db.Timestamptz(3)`);
  const banner = "// GENERATED from prisma/schema.prisma by prisma/derivePostgresSchema.ts: do not edit by hand.\n";
  return banner + text;
}

function main(): void {
  const derived = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(POSTGRES_SCHEMA, "utf8");
    } catch {
      // missing counts as stale
    }
    if (current !== derived) {
      process.stderr.write("prisma/postgres/schema.prisma is stale: run npm run db:generate\n");
      process.exit(1);
    }
    return;
  }
  mkdirSync(dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, derived);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
