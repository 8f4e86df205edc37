import Database from "better-sqlite3";
import pg from "pg";
import type { Driver } from "./storeFixtures.js";

/** Runs SQL on a database the store cannot open yet (the previous schema): `?` placeholders on both. */
export async function rawBefore(url: string, driver: Driver, statements: [string, ...unknown[]][]): Promise<void> {
  if (driver === "sqlite") {
    const db = new Database(url.replace(/^file:/, ""));
    for (const [sql, ...params] of statements) db.prepare(sql).run(...params);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const [sql, ...params] of statements) {
    let n = 0;
    await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    );
  }
  await client.end();
}
