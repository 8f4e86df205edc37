import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInLimiter } from "../../bot/auth/signInLimiter.js";
import { rawQuery } from "../store/storeFixtures.js";
import { PASSWORD, type ConsoleWorld } from "./consoleFixtures.js";
import { useConsoleWorld } from "./useConsoleWorld.js";
import { testRedisUrl } from "../services/urls.js";

const adminEvents = async (world: ConsoleWorld, type: string) =>
  (await world.store.readAuditEvents("admin", 0)).filter((e) => e.type === type).map((e) => e.payload as { actor: string; details: Record<string, unknown> });

describe("console sign-in and sessions", () => {
  const world = useConsoleWorld("sqlite", {
    limits: { freePerPair: 2, freePerAccount: 100, freePerIp: 100, firstDelaySeconds: 60, maxDelaySeconds: 900, windowSeconds: 600, knownIpDays: 30 },
    lifetime: { idleMinutes: 60, absoluteMinutes: 12 * 60 },
  });

  beforeAll(async () => {
    await world.user("nina@example.org", "clinician", "Dr Nina");
  });

  it("stores passwords as argon2id hashes only", async () => {
    const [row] = await rawQuery<{ password_hash: string }>(world.store, "SELECT password_hash FROM users WHERE email = ?", "nina@example.org");
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(row!.password_hash).not.toContain(PASSWORD);
  });

  it("signs in with the right password (any case of email), keeps only the token's SHA-256 and audits the sign-in", async () => {
    const result = await world.auth.signIn({ email: " Nina@Example.org ", password: PASSWORD, ip: "10.0.0.1" });
    if (!result.ok) throw new Error("sign-in failed");
    const rows = await rawQuery<{ token_hash: string }>(world.store, "SELECT token_hash FROM console_sessions WHERE user_id = ?", result.user.id);
    expect(rows.map((r) => r.token_hash)).toContain(createHash("sha256").update(result.token).digest("hex"));
    expect(rows.map((r) => r.token_hash)).not.toContain(result.token);
    expect((await world.auth.authenticate(result.token))?.user.email).toBe("nina@example.org");
    expect((await adminEvents(world, "console.login")).at(-1)).toEqual({ actor: result.user.id, details: { ip: "10.0.0.1", role: "clinician" } });
  });

  it("refuses a wrong password and an unknown email alike, and audits both", async () => {
    expect(await world.auth.signIn({ email: "nina@example.org", password: "not it", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
    expect(await world.auth.signIn({ email: "nobody@example.org", password: "not it", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
    const failed = (await adminEvents(world, "console.login_failed")).slice(-2).map((e) => e.details.reason);
    expect(failed).toEqual(["wrong_password", "unknown_email"]);
    await world.auth.signIn({ email: "nina@example.org", password: PASSWORD, ip: "10.0.0.2" }); // clears the count
  });

  it("makes an email wait after repeated failures from one IP, refusing even the right password meanwhile, with the time to wait", async () => {
    await world.user("olga@example.org");
    const attempt = (password: string) => world.auth.signIn({ email: "olga@example.org", password, ip: "10.0.0.3" });
    expect(await attempt("wrong 1")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("wrong 2")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("wrong 3")).toEqual({ ok: false, reason: "locked", retryAfterSeconds: 60 });
    const waiting = await attempt(PASSWORD);
    expect(waiting).toMatchObject({ ok: false, reason: "locked" });
    expect((waiting as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
    expect((await adminEvents(world, "console.login_failed")).at(-1)?.details).toMatchObject({ email: "olga@example.org", reason: "locked" });
    // Another account from the same IP does not wait for it, nor does the same account from elsewhere.
    expect((await world.auth.signIn({ email: "nina@example.org", password: PASSWORD, ip: "10.0.0.3" })).ok).toBe(true);
    expect((await world.auth.signIn({ email: "olga@example.org", password: PASSWORD, ip: "10.0.0.33" })).ok).toBe(true);
  });

  it("ends a session left unused longer than the idle limit", async () => {
    const result = await world.auth.signIn({ email: "nina@example.org", password: PASSWORD, ip: "10.0.0.4" });
    if (!result.ok) throw new Error("sign-in failed");
    world.clock.advance(59 * 60_000);
    expect(await world.auth.authenticate(result.token)).toBeDefined();
    world.clock.advance(59 * 60_000); // used a minute before the limit: the idle window moved on
    expect(await world.auth.authenticate(result.token)).toBeDefined();
    world.clock.advance(61 * 60_000);
    expect(await world.auth.authenticate(result.token)).toBeUndefined();
    expect(
      await rawQuery(world.store, "SELECT 1 FROM console_sessions WHERE token_hash = ?", createHash("sha256").update(result.token).digest("hex")),
    ).toHaveLength(0);
  });

  it("ends a session at its absolute limit however much it is used", async () => {
    const result = await world.auth.signIn({ email: "nina@example.org", password: PASSWORD, ip: "10.0.0.5" });
    if (!result.ok) throw new Error("sign-in failed");
    // Used every 59 min 59 s for 12 hours less 12 s: never idle, still alive.
    for (let hour = 1; hour <= 12; hour++) {
      world.clock.advance(60 * 60_000 - 1_000);
      expect(await world.auth.authenticate(result.token)).toBeDefined();
    }
    world.clock.advance(13 * 1_000);
    expect(await world.auth.authenticate(result.token)).toBeUndefined();
  });

  it("signs out: the token stops working at once and the sign-out is audited", async () => {
    const result = await world.auth.signIn({ email: "nina@example.org", password: PASSWORD, ip: "10.0.0.6" });
    if (!result.ok) throw new Error("sign-in failed");
    await world.auth.signOut(result.token);
    expect(await world.auth.authenticate(result.token)).toBeUndefined();
    expect((await adminEvents(world, "console.logout")).at(-1)).toEqual({ actor: result.user.id, details: {} });
  });

  it("ignores tokens it never issued", async () => {
    expect(await world.auth.authenticate("forged-token")).toBeUndefined();
    expect(await world.auth.authenticate(undefined)).toBeUndefined();
    expect(await world.auth.authenticate("x".repeat(5000))).toBeUndefined();
  });
});

describe("sign-in back-off shared through Redis", () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    await redis.connect();
  });
  afterAll(() => redis?.disconnect());

  it("counts failures across two instances, so a wait set on one holds on the other", async () => {
    const limits = { freePerPair: 1, freePerAccount: 100, freePerIp: 100, firstDelaySeconds: 120, maxDelaySeconds: 900, windowSeconds: 60, knownIpDays: 1 };
    const email = `shared-${Date.now()}@example.org`;
    const a = new SignInLimiter(limits, redis);
    const b = new SignInLimiter(limits, redis);
    expect(await a.fail(email, "10.1.0.1")).toEqual({ locked: false });
    expect(await b.fail(email, "10.1.0.1")).toEqual({ locked: true, retryAfterSeconds: 120 });
    expect(await a.check(email, "10.1.0.1")).toMatchObject({ locked: true });
    await a.succeed(email, "10.1.0.1");
    expect(await b.check(email, "10.1.0.1")).toEqual({ locked: false });
  });
});
