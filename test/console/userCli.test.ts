import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../bot/auth/passwordHash.js";
import { runCli } from "../../bot/cli/runCli.js";
import { UserRepository } from "../../bot/store/userRepository.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
}

describe("triage user add", () => {
  let database: TestDatabase;
  let store: PrismaStore;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    store = await openTestStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("adds a clinician with a generated password, printed once, that signs in", async () => {
    const run = io();
    expect(await runCli(["user", "add", "--email", "Zoe@Example.org", "--role", "clinician", "--name", "Dr Zoe", "--database-url", database.url], run.io)).toBe(0);
    const printed = run.out.join("");
    const password = /password: (\S+)/.exec(printed)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const found = await new UserRepository(store).findByEmail("zoe@example.org");
    expect(found?.user).toMatchObject({ email: "zoe@example.org", role: "clinician", displayName: "Dr Zoe" });
    expect(await verifyPassword(found!.passwordHash, password!)).toBe(true);
    const audit = (await store.readAuditEvents("admin", 0)).find((e) => e.type === "user.created");
    expect(audit?.payload).toMatchObject({ actor: "cli", details: { email: "zoe@example.org", role: "clinician" } });
  });

  it("adds an administrator with the given password and prints no password", async () => {
    const run = io();
    expect(await runCli(["user", "add", "--email", "root@example.org", "--role", "admin", "--password", "a long enough secret", "--database-url", database.url], run.io)).toBe(0);
    expect(run.out.join("")).not.toContain("password:");
  });

  it.each([
    [["--email", "zoe@example.org", "--role", "clinician"], 1, /exists/],
    [["--email", "new@example.org", "--role", "clinician", "--password", "short"], 1, /12 characters/],
    [["--email", "not-an-email", "--role", "clinician"], 1, /email/],
    [["--email", "x@example.org", "--role", "surgeon"], 2, /--role must be one of clinician, admin/],
  ])("refuses %j", async (args, code, message) => {
    const run = io();
    expect(await runCli(["user", "add", ...args, "--database-url", database.url], run.io)).toBe(code);
    expect(run.err.join("")).toMatch(message);
  });
});
