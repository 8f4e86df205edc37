import { describe, expect, it } from "vitest";
import { FloodGuard } from "../../bot/channels/web/floodGuard.js";

const guard = () => new FloodGuard({ perConnection: { points: 3, durationSeconds: 60 }, perIp: { points: 5, durationSeconds: 60 } });

async function verdicts(g: FloodGuard, connection: string, ip: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await g.check(connection, ip));
  return out;
}

describe("FloodGuard", () => {
  it("limits one connection past its allowance", async () => {
    expect(await verdicts(guard(), "c1", "10.0.0.1", 4)).toEqual(["allow", "allow", "allow", "limit"]);
  });

  it("limits an IP across its connections, even when each stays under its own allowance", async () => {
    const g = guard();
    expect(await verdicts(g, "a", "10.0.0.2", 3)).toEqual(["allow", "allow", "allow"]);
    expect(await verdicts(g, "b", "10.0.0.2", 3)).toEqual(["allow", "allow", "limit"]);
    expect(await verdicts(g, "c", "10.0.0.3", 1)).toEqual(["allow"]);
  });

  it("asks to close a connection that keeps flooding far past its allowance", async () => {
    const all = await verdicts(guard(), "c1", "10.0.0.4", 17);
    expect(all.at(-1)).toBe("close");
    expect(all.slice(3, 15).every((v) => v === "limit")).toBe(true);
  });
});
