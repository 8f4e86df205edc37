import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { SlaMonitor } from "../../bot/cases/slaMonitor.js";
import { useConsoleWorld } from "./useConsoleWorld.js";

/** A real on-call receiver on a local port: answers each POST with the next status of `statuses`, records bodies. */
async function startReceiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; close(): Promise<void>; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      bodies.push({ method: req.method, contentType: req.headers["content-type"], body: JSON.parse(text) });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/oncall`, bodies, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Lets the database and HTTP round trips of a tick finish (real I/O) while the fake timers stand still. */
async function settle(until: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await until()); i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("the SLA monitor", () => {
  const world = useConsoleWorld("sqlite");
  afterEach(() => {
    vi.useRealTimers();
  });

  it("marks a case nobody took by its deadline, tells the patient what to do meanwhile, and POSTs the on-call webhook again after a 500", async () => {
    // Only the timers the monitor and the webhook back-off use are fake; database and HTTP I/O stay real.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    const receiver = await startReceiver([500, 200]);
    const found = await world.openCase({ urgency: "URGENT", slaMinutes: 15, locale: "en" });
    const monitor = new SlaMonitor({
      cases: world.repositories.cases,
      service: world.cases,
      clock: world.clock,
      webhookUrl: receiver.url,
      consoleBaseUrl: "https://triage.example.org",
      intervalMs: 30_000,
      retry: { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 60_000, timeoutMs: 5_000 },
    });
    monitor.start();
    try {
      // 14 minutes in: not yet due. The interval fires, nothing is marked.
      world.clock.advance(14 * 60_000);
      await vi.advanceTimersByTimeAsync(30_000);
      await settle(async () => true);
      expect((await world.repositories.cases.get(found.id))?.breachedAt).toBeUndefined();

      // 16 minutes in: due at the next tick.
      world.clock.advance(2 * 60_000);
      await vi.advanceTimersByTimeAsync(30_000);
      await settle(async () => (await world.repositories.cases.get(found.id))?.breachedAt !== undefined && receiver.bodies.length >= 1);
      expect((await world.repositories.cases.get(found.id))?.breachedAt).toBe(world.clock.now().toISOString());
      expect(receiver.bodies).toHaveLength(1);

      // The 500 is retried after the back-off delay (2 s), driven by the fake clock only.
      await vi.advanceTimersByTimeAsync(1_999);
      expect(receiver.bodies).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await settle(() => receiver.bodies.length >= 2);
      await monitor.settled();
      expect(receiver.bodies).toHaveLength(2);
      expect(receiver.bodies[1]).toEqual(receiver.bodies[0]);
      // Ids, codes, numbers and a link: nothing the patient wrote.
      expect(receiver.bodies[0]).toEqual({
        method: "POST",
        contentType: "application/json",
        body: {
          event: "case.sla_breached",
          caseId: found.id,
          urgency: "URGENT",
          flow: "chest-pain",
          waitingMinutes: 16,
          slaDeadline: found.slaDeadline,
          consoleUrl: `https://triage.example.org/console/cases/${found.id}`,
        },
      });

      const last = (await world.store.messagesAfter(found.sessionId, 0)).at(-1);
      expect(last).toMatchObject({ author: "system", body: { kind: "handoff", status: "breached" } });
      expect((last!.body as { text: string }).text).toMatch(/call 15 or 112 now/);
      const admin = (await world.store.readAuditEvents("admin", 0)).filter((e) => e.type === "case.breached");
      expect(admin).toHaveLength(1);
      expect(world.events).toContainEqual({ type: "case.updated", caseId: found.id, sessionId: found.sessionId });

      // Later ticks do not mark or notify it again.
      await vi.advanceTimersByTimeAsync(120_000);
      await settle(async () => true);
      expect(receiver.bodies).toHaveLength(2);
      expect((await world.store.readAuditEvents("admin", 0)).filter((e) => e.type === "case.breached")).toHaveLength(1);
    } finally {
      await monitor.stop();
      await receiver.close();
    }
  });

  it("never breaches a case a clinician took in time", async () => {
    const found = await world.openCase({ slaMinutes: 15 });
    await world.cases.claim(found.id, await world.user(`intime-${Date.now()}@example.org`));
    world.clock.advance(60 * 60_000);
    const monitor = new SlaMonitor({ cases: world.repositories.cases, service: world.cases, clock: world.clock, consoleBaseUrl: "http://localhost" });
    expect(await monitor.tick()).toBe(0);
    expect((await world.repositories.cases.get(found.id))?.breachedAt).toBeUndefined();
  });

  it("gives up on a receiver that refuses the payload (4xx) without retrying", async () => {
    const receiver = await startReceiver([400, 200]);
    const found = await world.openCase({ slaMinutes: 5, urgency: "EMERGENCY" });
    world.clock.advance(6 * 60_000);
    const monitor = new SlaMonitor({
      cases: world.repositories.cases,
      service: world.cases,
      clock: world.clock,
      consoleBaseUrl: "http://localhost",
      webhookUrl: receiver.url,
    });
    try {
      expect(await monitor.tick()).toBeGreaterThanOrEqual(1);
      await monitor.settled();
      expect(receiver.bodies.filter((b) => (b as { body: { caseId: string } }).body.caseId === found.id)).toHaveLength(1);
    } finally {
      await monitor.stop();
      await receiver.close();
    }
  });

  it("does not chase a case a later outcome escalated: only the session's newest case can breach", async () => {
    const older = await world.openCase({ urgency: "URGENT", slaMinutes: 15 });
    const { session } = (await world.store.readTurn(older.sessionId, "escalate"))!;
    world.clock.advance(60_000);
    await world.store.commitTurn({
      session: { ...session, urgency: "EMERGENCY", updatedAt: world.clock.now().toISOString() },
      isNew: false,
      base: session.version,
      clientMessageId: "escalate",
      messages: [],
      audit: [{ type: "handoff.requested", payload: { urgency: "EMERGENCY" } }],
      handoff: { urgency: "EMERGENCY", slaDeadline: new Date(world.clock.now().getTime() + 60 * 60_000).toISOString(), cause: "outcome" },
    });
    world.clock.advance(20 * 60_000);
    const due = await world.repositories.cases.dueForBreach(world.clock.now(), 50);
    expect(due.map((c) => c.sessionId)).not.toContain(older.sessionId);
    expect((await world.cases.queue()).filter((c) => c.sessionId === older.sessionId).map((c) => c.urgency)).toEqual(["EMERGENCY"]);
  });

  it("leaves every audit chain intact", async () => {
    expect((await verifyChains(world.store)).filter((r) => !r.ok)).toEqual([]);
  });
});
