import { randomBytes } from "node:crypto";
import pg from "pg";

/** A database on a PostgreSQL server, and how to remove it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database `<prefix>_<random hex>` on the PostgreSQL server at `serverUrl` (a URL
 * allowed to create databases); `drop` removes it, closing any connection still open on it.
 */
export async function createPostgresDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs one SQL statement on the PostgreSQL server at `serverUrl` (CREATE or DROP DATABASE…) over a connection of its own. */
export async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
