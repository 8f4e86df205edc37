import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter } from "../../bot/auth/signInLimiter.js";
import { startRealServer, type RealServer } from "./realServer.js";
import { openStoredPayload, visiblePayload } from "../../bot/audit/sealedPayload.js";

const limits = DEFAULT_SIGN_IN_LIMITS;
const waitOf = (verdict: { locked: boolean; retryAfterSeconds?: number }) => (verdict.locked ? verdict.retryAfterSeconds : 0);

describe("sign-in throttling", () => {
  it("makes one account from one IP wait longer after each failure past the free ones, up to the cap", async () => {
    const limiter = new SignInLimiter(limits);
    const waits: (number | undefined)[] = [];
    for (let i = 0; i < 14; i++) waits.push(waitOf(await limiter.fail("ana@example.org", "198.51.100.1")));
    expect(waits).toEqual([0, 0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900]);
  });

  it("slows an account's IPs that never signed into it once the account has many failures, but not an IP that signed in before", async () => {
    const limiter = new SignInLimiter(limits);
    await limiter.succeed("ben@example.org", "192.0.2.10"); // the clinic, earlier
    // An attacker spreads guesses over eleven addresses: each pair stays under its own allowance.
    for (let i = 0; i < 11; i++) await limiter.fail("ben@example.org", `203.0.113.${i}`);
    expect(await limiter.check("ben@example.org", "203.0.113.99")).toMatchObject({ locked: true });
    expect(await limiter.check("ben@example.org", "192.0.2.10")).toEqual({ locked: false });
    // The clinic's own typo is slowed only by its own failures.
    expect(await limiter.fail("ben@example.org", "192.0.2.10")).toEqual({ locked: false });
  });

  it("slows one IP guessing across many accounts, except on an account it signed into before", async () => {
    const limiter = new SignInLimiter(limits);
    await limiter.succeed("cleo@example.org", "198.51.100.50");
    for (let i = 0; i < 51; i++) await limiter.fail(`user${i}@example.org`, "198.51.100.50");
    expect(await limiter.check("someone-else@example.org", "198.51.100.50")).toMatchObject({ locked: true });
    expect(await limiter.check("cleo@example.org", "198.51.100.50")).toEqual({ locked: false });
  });

  it("never locks the account itself: the right password from another IP still signs in during an attack", async () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 30; i++) await limiter.fail("dan@example.org", "203.0.113.66");
    expect(await limiter.check("dan@example.org", "203.0.113.66")).toMatchObject({ locked: true });
    expect(await limiter.check("dan@example.org", "192.0.2.77")).toMatchObject({ locked: true });
    // Once dan has signed in from the clinic, the attack slows only the attacker.
    await limiter.succeed("dan@example.org", "192.0.2.10");
    expect(await limiter.check("dan@example.org", "192.0.2.10")).toEqual({ locked: false });
  });
});

describe("sign-in back-off behind a trusted proxy, on the real server", () => {
  let server: RealServer;
  beforeAll(async () => {
    // The test itself plays the reverse proxy on 127.0.0.1.
    server = await startRealServer({ TRUSTED_PROXIES: "127.0.0.1/32, ::1" });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("cannot be dodged with forged X-Forwarded-For entries, and audits the address the proxy saw", async () => {
    const attempt = (forged: string) =>
      fetch(`${server.baseUrl}/console/sign-in`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: server.baseUrl,
          accept: "application/json",
          // The client sent a made-up X-Forwarded-For; the proxy appended the address it really saw.
          "x-forwarded-for": `${forged}, 203.0.113.7`,
        },
        body: new URLSearchParams({ email: "admin@triage.local", password: "not the password" }),
      }).then(async (r) => (await r.json()) as { type: string; status: number });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await attempt(`10.${i}.${i}.${i}`));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([400, 400, 400]);
    expect(answers.slice(3).map((a) => a.status)).toEqual([429, 429, 429, 429, 429]);
    const db = new Database(server.databaseUrl.replace(/^file:/, ""), { readonly: true });
    try {
      const ips = db
        .prepare("SELECT payload FROM audit_events WHERE stream = 'admin' AND type = 'console.login_failed'")
        .all()
        // Stored sealed (bot/audit/sealedPayload.ts): the event's payload is inside.
        .map((row) => (visiblePayload(openStoredPayload((row as { payload: string }).payload)) as { details: { ip: string } }).details.ip);
      expect(new Set(ips)).toEqual(new Set(["203.0.113.7"]));
    } finally {
      db.close();
    }
  });
});
