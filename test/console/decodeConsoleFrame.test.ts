import { describe, expect, it } from "vitest";
import { queueCaseSchema } from "../../bot/channels/web/consoleProtocol.js";
import { decodeConsoleFrame } from "../../bot/channels/web/decodeConsoleFrame.js";
import { DISPOSITIONS } from "../../bot/cases/caseStore.js";

const frame = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value));

describe("decoding a console frame", () => {
  it("reads a watch with its cursor, defaulting the cursor to the start", () => {
    expect(decodeConsoleFrame(frame({ v: 1, id: "a1", type: "watch", caseId: "c1", afterSeq: 4 }), false, 4096)).toEqual({
      ok: true,
      message: { v: 1, id: "a1", type: "watch", caseId: "c1", afterSeq: 4 },
    });
    expect(decodeConsoleFrame(frame({ v: 1, id: "a2", type: "watch", caseId: "c1" }), false, 4096)).toMatchObject({ ok: true, message: { afterSeq: 0 } });
  });

  it.each([
    ["a binary frame", frame({ v: 1, id: "x", type: "ping" }), true, "TRIAGE_BAD_FRAME"],
    ["text that is not JSON", frame("{nope"), false, "TRIAGE_BAD_FRAME"],
    ["another protocol version", frame({ v: 2, id: "x", type: "ping" }), false, "TRIAGE_BAD_FRAME"],
    ["a patient's message type", frame({ v: 1, id: "x", type: "answer", value: "yes" }), false, "TRIAGE_UNKNOWN_MESSAGE_TYPE"],
    ["a watch without a case", frame({ v: 1, id: "x", type: "watch" }), false, "TRIAGE_BAD_FRAME"],
    ["a frame over the size limit", frame({ v: 1, id: "x", type: "ping", pad: "x".repeat(5000) }), false, "TRIAGE_FRAME_TOO_LARGE"],
  ] as const)("refuses %s with a code", (_name, data, binary, code) => {
    expect(decodeConsoleFrame(data, binary, 4096)).toMatchObject({ ok: false, code });
  });

  it("replies to the frame's id when it could read one", () => {
    expect(decodeConsoleFrame(frame({ v: 1, id: "r9", type: "nope" }), false, 4096)).toEqual({ ok: false, code: "TRIAGE_UNKNOWN_MESSAGE_TYPE", replyTo: "r9" });
  });

  it("accepts every disposition the case store knows on the wire", () => {
    for (const disposition of DISPOSITIONS) {
      const wire = {
        id: "c",
        sessionId: "s",
        urgency: "URGENT",
        slaDeadline: "t",
        state: "closed",
        cause: "outcome",
        openedAt: "t",
        flowSlug: "f",
        flowVersion: 1,
        locale: "fr",
        disposition,
      };
      expect(queueCaseSchema.safeParse(wire).success).toBe(true);
    }
  });
});
