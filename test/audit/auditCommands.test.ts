import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAuditCommand } from "./runAuditCommand.js";
import { createTestDatabase, makeTurn, openTestStore, rawQuery, type TestDatabase } from "../store/storeFixtures.js";

/** `triage audit verify --database-url <url>`: the command opens the database the flag names. */
const runVerify = (url: string) => runAuditCommand(["verify", "--database-url", url], (databaseUrl) => openTestStore(databaseUrl!));

describe("triage audit verify", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const store = await openTestStore(database.url);
    await store.commitTurn(makeTurn("cli-a", "c1", { isNew: true }));
    await store.commitTurn(makeTurn("cli-b", "c1", { isNew: true }));
    await store.commitTurn(makeTurn("cli-b", "c2"));
    await store.close();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("prints OK per stream with its event count and exits 0 when every chain holds", async () => {
    expect(await runVerify(database.url)).toEqual({ out: "OK cli-a (2 events)\nOK cli-b (4 events)\n", code: 0 });
  });

  it("prints BROKEN with the seq and the problem and exits 1 when a chain was tampered with", async () => {
    const store = await openTestStore(database.url);
    await rawQuery(store, "DELETE FROM audit_events WHERE stream = ? AND seq = ?", "cli-b", 4);
    await store.close();
    const { out, code } = await runVerify(database.url);
    expect(code).toBe(1);
    expect(out).toBe("OK cli-a (2 events)\nBROKEN cli-b at seq 4: event 4 is missing (the head records 4)\n");
  });
});
