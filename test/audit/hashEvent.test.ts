import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEventText, canonicalJson, GENESIS_HASH, hashEvent } from "../../bot/audit/hashEvent.js";

describe("hashEvent", () => {
  const fields = {
    stream: "s-1",
    seq: 7,
    at: "2026-03-01T10:00:00.000Z",
    type: "message.patient",
    payload: { z: 1, a: [3, "é\u2028", { y: null, b: 1e21 }], "\u00e9": 0.5 },
    prevHash: GENESIS_HASH,
  };

  it("writes the same text as RFC 8785 canonicalisation of the whole event", () => {
    expect(canonicalEventText(fields, canonicalJson(fields.payload))).toBe(canonicalize(fields));
  });

  it("canonicalises any JSON value exactly like the canonicalize package", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value as never)).toBe(canonicalize(value));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses values that are not JSON", () => {
    expect(() => canonicalJson(Number.NaN as never)).toThrow();
    expect(() => canonicalJson(Number.POSITIVE_INFINITY as never)).toThrow();
  });

  it("is a SHA-256 hex digest that ignores key order and changes with any field", () => {
    const hash = hashEvent(fields);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent({ ...fields, payload: { "\u00e9": 0.5, a: fields.payload.a, z: 1 } })).toBe(hash);
    for (const changed of [
      { seq: 8 },
      { at: "2026-03-01T10:00:00.001Z" },
      { type: "x" },
      { stream: "s-2" },
      { prevHash: "1".repeat(64) },
      { payload: { z: 2 } },
    ]) {
      expect(hashEvent({ ...fields, ...changed })).not.toBe(hash);
    }
  });
});
