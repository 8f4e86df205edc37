import { describe, expect, it } from "vitest";
import { FloodGuard, TYPING_ALLOWANCE } from "../../bot/channels/web/floodGuard.js";

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

  it("counts typing signals on their own allowance, then drops them, then closes an abuser", async () => {
    const g = guard();
    const typing = [];
    for (let i = 0; i < TYPING_ALLOWANCE.points * 5 + 2; i++) typing.push(await g.checkTyping("c1"));
    expect(typing.slice(0, TYPING_ALLOWANCE.points).every((v) => v === "allow")).toBe(true);
    expect(typing[TYPING_ALLOWANCE.points]).toBe("limit");
    expect(typing.at(-1)).toBe("close");
    // The answers' allowance is untouched by all that typing.
    expect(await verdicts(g, "c1", "10.0.0.5", 3)).toEqual(["allow", "allow", "allow"]);
  });
});
