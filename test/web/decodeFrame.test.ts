import { describe, expect, it } from "vitest";
import { decodeFrame } from "../../bot/channels/web/decodeFrame.js";

const MAX = 1024;
const frame = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("decodeFrame", () => {
  it("returns the typed message for a valid answer frame", () => {
    const decoded = decodeFrame(frame({ v: 1, type: "answer", id: "m1", value: "yes" }), false, MAX);
    expect(decoded).toEqual({ ok: true, message: { v: 1, type: "answer", id: "m1", value: "yes" } });
  });

  it.each([
    ["a frame that is not JSON", Buffer.from("{nope"), false, "TRIAGE_BAD_FRAME", undefined],
    ["a binary frame", frame({ v: 1, type: "ping", id: "b1" }), true, "TRIAGE_BAD_FRAME", undefined],
    ["a frame that is not UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false, "TRIAGE_BAD_FRAME", undefined],
    ["a JSON array", frame([1, 2]), false, "TRIAGE_BAD_FRAME", undefined],
    ["a frame of another protocol version", frame({ v: 2, type: "ping", id: "p1" }), false, "TRIAGE_BAD_FRAME", "p1"],
    ["a frame of an unknown type", frame({ v: 1, type: "dance", id: "d1" }), false, "TRIAGE_UNKNOWN_MESSAGE_TYPE", "d1"],
    ["a frame without a type", frame({ v: 1, id: "t1" }), false, "TRIAGE_UNKNOWN_MESSAGE_TYPE", "t1"],
    ["an answer without a value", frame({ v: 1, type: "answer", id: "a1" }), false, "TRIAGE_BAD_FRAME", "a1"],
    ["a start with an unknown locale", frame({ v: 1, type: "start", id: "s1", flow: "general", locale: "de" }), false, "TRIAGE_BAD_FRAME", "s1"],
    ["a frame whose id has spaces", frame({ v: 1, type: "ping", id: "a b" }), false, "TRIAGE_BAD_FRAME", undefined],
    ["a frame over the size limit", Buffer.alloc(MAX + 1, 0x20), false, "TRIAGE_FRAME_TOO_LARGE", undefined],
  ])("refuses %s with its code and the id it could read", (_name, data, binary, code, replyTo) => {
    const decoded = decodeFrame(data, binary, MAX);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.problem.code).toBe(code);
    expect(decoded.problem.replyTo).toBe(replyTo);
  });

  it("never puts the frame's content into the reason it gives for logs", () => {
    const decoded = decodeFrame(frame({ v: 1, type: "text", id: "x1", text: 42, secret: "chest pain" }), false, MAX);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem.reason).not.toContain("chest");
  });
});
