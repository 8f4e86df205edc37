import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleError } from "../../bot/cases/consoleError.js";
import { CaseRepository } from "../../bot/store/caseRepository.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { DRIVERS, openTestStore } from "../store/storeFixtures.js";
import { useConsoleWorld } from "./useConsoleWorld.js";

describe.each(DRIVERS)("claiming a case on %s", (driver) => {
  const world = useConsoleWorld(driver);
  let otherConnection: PrismaStore | undefined;

  beforeAll(async () => {
    // A second store on the same database: another instance of the service, its own connections.
    if (driver === "postgres") otherConnection = await openTestStore(world.database.url);
  });
  afterAll(async () => otherConnection?.close());

  // PostgreSQL is the scale-out database: the race runs across two instances' connection pools.
  // SQLite serves one instance (its driver is synchronous: two stores in one test process would
  // block each other's event loop), so there the race runs inside one instance.
  it("lets exactly one of twenty simultaneous claims win", async () => {
    const found = await world.openCase();
    const users = [];
    for (let i = 0; i < 20; i++) users.push(await world.user(`race${i}-${driver}@example.org`));
    const repositories = driver === "postgres" ? [world.repositories.cases, new CaseRepository(otherConnection!)] : [world.repositories.cases];
    const now = world.clock.now();
    const results = await Promise.all(users.map((user, i) => repositories[i % repositories.length]!.claim(found.id, user.id, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = users[results.indexOf(true)]!;
    const stored = await world.repositories.cases.get(found.id);
    expect(stored).toMatchObject({ state: "claimed", assignee: { id: winner.id }, claimedAt: now.toISOString() });
  });

  it("tells each clinician who lost the race which colleague took the case, and tells the patient once", async () => {
    const found = await world.openCase();
    const names = ["Dr Ada", "Dr Bea", "Dr Cy", "Dr Dee", "Dr Eli"];
    const users = await Promise.all(names.map((name, i) => world.user(`named${i}-${driver}@example.org`, "clinician", name)));
    const outcomes = await Promise.allSettled(users.map((user) => world.cases.claim(found.id, user)));
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof world.cases.claim>>>).value.assignee!;
    for (const outcome of outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected")) {
      expect(outcome.reason).toBeInstanceOf(ConsoleError);
      expect(outcome.reason).toMatchObject({ code: "CONSOLE_CASE_TAKEN", details: { assignee: winner.displayName, assigneeId: winner.id } });
    }
    const joined = (await world.store.messagesAfter(found.sessionId, 0)).filter((m) => m.body.kind === "handoff" && m.body.status === "joined");
    expect(joined).toHaveLength(1);
    expect(joined[0]!.body).toMatchObject({ text: expect.stringContaining(winner.displayName) });
    const claimedEvents = (await world.store.readAuditEvents("admin", 0)).filter(
      (e) => e.type === "case.claimed" && (e.payload as { details: { caseId: string } }).details.caseId === found.id,
    );
    expect(claimedEvents).toHaveLength(1);
  });

  it("lets the same clinician claim twice without error (a double click)", async () => {
    const found = await world.openCase();
    const user = await world.user(`twice-${driver}@example.org`);
    const [a, b] = await Promise.all([world.cases.claim(found.id, user), world.cases.claim(found.id, user)]);
    expect(a.assignee?.id).toBe(user.id);
    expect(b.assignee?.id).toBe(user.id);
  });

  it("refuses to claim a closed case", async () => {
    const found = await world.openCase();
    const user = await world.user(`closer-${driver}@example.org`);
    await world.cases.claim(found.id, user);
    await world.cases.close(found.id, user, "advice_given");
    await expect(world.cases.claim(found.id, await world.user(`late-${driver}@example.org`))).rejects.toMatchObject({ code: "CONSOLE_CASE_CLOSED" });
  });
});
