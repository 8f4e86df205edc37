import { describe, expect, it } from "vitest";
import { backoffCeilingMs, BACKOFF_CAP_MS, MAX_ATTEMPTS, retryOnConflict } from "../../bot/engine/retryOnConflict.js";
import { TriageError } from "../../bot/errors.js";

const conflict = () => new TriageError("TRIAGE_SESSION_CONFLICT", "the session changed after the turn was computed", { sessionId: "s" });

/** An attempt refused `times` times with a conflict, then answering "done"; counts its calls. */
function refusedThen(times: number) {
  let calls = 0;
  return {
    calls: () => calls,
    attempt: async () => {
      calls += 1;
      if (calls <= times) throw conflict();
      return "done";
    },
  };
}

describe("retryOnConflict", () => {
  it("computes the turn again after each conflict, pausing a jittered time that doubles up to its cap", async () => {
    const pauses: number[] = [];
    const { attempt, calls } = refusedThen(4);
    const result = await retryOnConflict(attempt, { sleep: async (ms) => void pauses.push(ms), random: () => 0.999 });
    expect(result).toBe("done");
    expect(calls()).toBe(5);
    expect(pauses.map(Math.ceil)).toEqual([4, 8, 16, 32]);
    expect(pauses.every((ms, i) => ms <= backoffCeilingMs(i + 1) && ms <= BACKOFF_CAP_MS)).toBe(true);
  });

  it("draws each pause from zero up to its ceiling, so two refused instances do not retry in lockstep", async () => {
    const pauses: number[] = [];
    const draws = [0, 0.5];
    const { attempt } = refusedThen(2);
    await retryOnConflict(attempt, { sleep: async (ms) => void pauses.push(ms), random: () => draws.shift()! });
    expect(pauses).toEqual([0, 4]);
  });

  it("gives up with the conflict after MAX_ATTEMPTS attempts, so the client can send again", async () => {
    const { attempt, calls } = refusedThen(Infinity);
    await expect(retryOnConflict(attempt, { sleep: async () => undefined })).rejects.toMatchObject({ code: "TRIAGE_SESSION_CONFLICT" });
    expect(calls()).toBe(MAX_ATTEMPTS);
  });

  it("never retries another error", async () => {
    let calls = 0;
    const closed = async () => {
      calls += 1;
      throw new TriageError("TRIAGE_SESSION_CLOSED", "the session is closed", { sessionId: "s" });
    };
    await expect(retryOnConflict(closed, { sleep: async () => undefined })).rejects.toMatchObject({ code: "TRIAGE_SESSION_CLOSED" });
    expect(calls).toBe(1);
  });
});
