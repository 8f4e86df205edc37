import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { migrate } from "../../bot/store/migrate.js";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "../../prisma/derivePostgresSchema.js";
import { DRIVERS, createTestDatabase, quietLogger } from "./storeFixtures.js";

describe("schema and migrations", () => {
  it("keeps the committed PostgreSQL schema derived from the SQLite one", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it.each(DRIVERS)("applies every migration once on %s and nothing the second time", async (driver) => {
    const database = await createTestDatabase(driver); // migrated once already
    try {
      expect(await migrate(database.url, { logger: quietLogger })).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
