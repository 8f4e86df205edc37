import { describe, expect, it } from "vitest";
import { benchEngine } from "../../bench/engine.js";
import { fixtureStore } from "./serviceHarness.js";

describe("benchEngine", () => {
  it("drives concurrent sessions through the service and reports throughput and latency", async () => {
    const store = fixtureStore();
    const result = await benchEngine({ store, sessions: 8, turnsPerSession: 12, flow: "every-kind" });
    expect(result.turns).toBe(96);
    expect(result.turnsPerSec).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(store.commitCount).toBe(96);
  });

  it("refuses a flow that is not published", async () => {
    await expect(benchEngine({ store: fixtureStore(), sessions: 1, turnsPerSession: 1, flow: "nope" })).rejects.toThrow("not published");
  });
});
