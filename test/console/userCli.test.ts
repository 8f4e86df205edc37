import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../bot/auth/passwordHash.js";
import { runCli } from "../../bot/cli/runCli.js";
import { UserRepository } from "../../bot/store/userRepository.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";

/** A CLI's output, and what it reads as a secret (stdin or a prompt): `stdin`, or nothing to read. */
function io(stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const readSecret = (): Promise<string> => (stdin === undefined ? Promise.reject(new Error("no password on stdin")) : Promise.resolve(stdin));
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), readSecret } };
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
    expect(await runCli(["user", "add", "--email", "Zoe@Example.org", "--role", "clinician", "--name", "Dr Zoe", "--database-url", database.url], run.io)).toBe(
      0,
    );
    const printed = run.out.join("");
    const password = /password: (\S+)/.exec(printed)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const found = await new UserRepository(store).findByEmail("zoe@example.org");
    expect(found?.user).toMatchObject({ email: "zoe@example.org", role: "clinician", displayName: "Dr Zoe" });
    expect(await verifyPassword(found!.passwordHash, password!)).toBe(true);
    const audit = (await store.readAuditEvents("admin", 0)).find((e) => e.type === "user.created");
    expect(audit?.payload).toMatchObject({ actor: "cli", details: { email: "zoe@example.org", role: "clinician" } });
  });

  it("adds an administrator with the password read from stdin, and prints no password", async () => {
    const run = io("a long enough secret about herons");
    expect(await runCli(["user", "add", "--email", "root@example.org", "--role", "admin", "--password-stdin", "--database-url", database.url], run.io)).toBe(0);
    expect(run.out.join("")).not.toContain("password:");
    const found = await new UserRepository(store).findByEmail("root@example.org");
    expect(await verifyPassword(found!.passwordHash, "a long enough secret about herons")).toBe(true);
  });

  it.each(["            ", "aaaaaaaaaaaa", "password1234", "123456789012", "short"])(
    "refuses the weak password %j read from stdin, saying why",
    async (weak) => {
      const run = io(weak);
      expect(
        await runCli(["user", "add", "--email", "weak@example.org", "--role", "clinician", "--password-stdin", "--database-url", database.url], run.io),
      ).toBe(1);
      expect(run.err.join("")).toMatch(/error: .*(repeated|common|12 characters|guess)/i);
      expect(await new UserRepository(store).findByEmail("weak@example.org")).toBeUndefined();
    },
  );

  it("refuses a password given in the command line, which shells and ps would show", async () => {
    const run = io();
    expect(
      await runCli(
        ["user", "add", "--email", "argv@example.org", "--role", "admin", "--password", "a long enough secret about herons", "--database-url", database.url],
        run.io,
      ),
    ).toBe(2);
    expect(run.err.join("")).toMatch(/--password-stdin/);
  });

  it.each([
    [["--email", "zoe@example.org", "--role", "clinician"], 1, /exists/],
    [["--email", "not-an-email", "--role", "clinician"], 1, /email/],
    [["--email", "x@example.org", "--role", "surgeon"], 2, /--role must be one of clinician, admin/],
  ])("refuses %j", async (args, code, message) => {
    const run = io();
    expect(await runCli(["user", "add", ...args, "--database-url", database.url], run.io)).toBe(code);
    expect(run.err.join("")).toMatch(message);
  });
});
