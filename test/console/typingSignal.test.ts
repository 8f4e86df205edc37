import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeConsoleFrame } from "../../bot/channels/web/decodeConsoleFrame.js";
import { decodeFrame } from "../../bot/channels/web/decodeFrame.js";
import { ExpiringFlag } from "../../console/lib/typing/expiringFlag.js";
import { TYPING_TIMING, TypingSignal } from "../../console/lib/typing/typingSignal.js";

describe("turning keystrokes into typing signals", () => {
  let sent: boolean[];
  let signal: TypingSignal;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    signal = new TypingSignal(
      (on) => sent.push(on),
      TYPING_TIMING,
      () => Date.now(),
    );
  });
  afterEach(() => vi.useRealTimers());

  it("says typing at the first keystroke and not again for every key", () => {
    for (let i = 0; i < 10; i++) {
      signal.keystroke();
      vi.advanceTimersByTime(100);
    }
    expect(sent).toEqual([true]);
  });

  it("repeats typing now and then while the person keeps typing, so the other side does not forget it", () => {
    for (let i = 0; i < 60; i++) {
      signal.keystroke();
      vi.advanceTimersByTime(200);
    }
    // 12 s of steady typing: one signal, then one per repeat interval.
    expect(sent.every((on) => on)).toBe(true);
    expect(sent.length).toBe(1 + Math.floor((59 * 200) / TYPING_TIMING.repeatMs));
  });

  it("says stopped once after a pause without keystrokes", () => {
    signal.keystroke();
    vi.advanceTimersByTime(TYPING_TIMING.idleMs);
    expect(sent).toEqual([true, false]);
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([true, false]);
  });

  it("says stopped at once when the text is sent, and nothing when it never said typing", () => {
    signal.stop();
    expect(sent).toEqual([]);
    signal.keystroke();
    signal.stop();
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([true, false]);
  });
});

describe("typing frames on the wire", () => {
  const frame = (value: unknown) => Buffer.from(JSON.stringify(value));

  it("reads a patient's typing, on or off, and an old client's bare typing as on", () => {
    expect(decodeFrame(frame({ v: 1, id: "t1", type: "typing", on: false }), false, 4096)).toMatchObject({ ok: true, message: { type: "typing", on: false } });
    expect(decodeFrame(frame({ v: 1, id: "t2", type: "typing" }), false, 4096)).toMatchObject({ ok: true, message: { type: "typing", on: true } });
  });

  it("reads a clinician's typing for a case and refuses one without a case", () => {
    expect(decodeConsoleFrame(frame({ v: 1, id: "t3", type: "typing", caseId: "c1", on: true }), false, 4096)).toEqual({
      ok: true,
      message: { v: 1, id: "t3", type: "typing", caseId: "c1", on: true },
    });
    expect(decodeConsoleFrame(frame({ v: 1, id: "t4", type: "typing", on: true }), false, 4096)).toMatchObject({
      ok: false,
      code: "TRIAGE_BAD_FRAME",
      replyTo: "t4",
    });
  });
});

describe("showing that the other side is typing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("clears itself after the shown time when the 'stopped' signal is lost, and each new signal restarts the countdown", () => {
    const shown: boolean[] = [];
    const flag = new ExpiringFlag(6_000, (on) => shown.push(on));
    flag.signal(true);
    vi.advanceTimersByTime(5_000);
    flag.signal(true); // still typing: the countdown starts again
    vi.advanceTimersByTime(5_000);
    expect(flag.on).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(flag.on).toBe(false);
    expect(shown).toEqual([true, false]);
  });

  it("clears at once on 'stopped', and a late timer changes nothing afterwards", () => {
    const shown: boolean[] = [];
    const flag = new ExpiringFlag(6_000, (on) => shown.push(on));
    flag.signal(true);
    flag.signal(false);
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual([true, false]);
  });
});
