import { afterEach, describe, expect, it } from "vitest";
import { RedisBus } from "../../bot/bus/redisBus.js";
import type { BusEvent } from "../../bot/engine/ports.js";
import { testRedisUrl } from "../services/urls.js";

const REDIS_URL = testRedisUrl();
const open: RedisBus[] = [];

async function instance(): Promise<RedisBus> {
  const bus = new RedisBus({ url: REDIS_URL });
  open.push(bus);
  await bus.ready();
  return bus;
}

function collect(bus: RedisBus): BusEvent[] {
  const seen: BusEvent[] = [];
  bus.subscribe((event) => seen.push(event));
  return seen;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for the bus");
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

describe("RedisBus on the real Redis server", () => {
  it("delivers an event published on one instance to the subscribers of another", async () => {
    const [a, b] = [await instance(), await instance()];
    const onB = collect(b);
    const event: BusEvent = { type: "case.updated", caseId: `case-${Date.now()}`, sessionId: "s1" };
    await a.publish(event);
    await until(() => onB.length === 1);
    expect(onB).toEqual([event]);
  });

  it("delivers to the publishing instance's own subscribers at once, and only once", async () => {
    const [a, b] = [await instance(), await instance()];
    const onA = collect(a);
    const onB = collect(b);
    const event: BusEvent = { type: "handoff.opened", sessionId: `s-${Date.now()}`, urgency: "URGENT" };
    await a.publish(event);
    expect(onA).toEqual([event]);
    await until(() => onB.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(onA).toHaveLength(1);
  });

  it("keeps delivering locally when a subscriber throws", async () => {
    const a = await instance();
    a.subscribe(() => {
      throw new Error("broken live view");
    });
    const onA = collect(a);
    await a.publish({ type: "case.updated", caseId: "c", sessionId: "s" });
    expect(onA).toHaveLength(1);
  });
});
