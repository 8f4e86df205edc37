import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { sameOrigin, toBuffer } from "../../bot/channels/web/socketServer.js";

/** An upgrade request as Node hands it over, with the headers that matter here. */
const upgrade = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("the origin check both WebSocket doors share", () => {
  it.each([
    ["a page of our own host", { host: "triage.example.org", origin: "https://triage.example.org" }, [], true],
    ["a tool that sends no Origin", { host: "triage.example.org" }, [], true],
    ["another site's page", { host: "triage.example.org", origin: "https://evil.example.com" }, [], false],
    ["our public host behind a proxy that rewrites Host", { host: "10.0.0.5:3000", origin: "https://triage.example.org" }, ["triage.example.org"], true],
    ["an Origin that is not a URL", { host: "triage.example.org", origin: "null" }, [], false],
  ] as const)("%s: %s", (_name, headers, allowed, accepted) => {
    expect(sameOrigin(upgrade(headers), allowed)).toBe(accepted);
  });
});

describe("reading a frame's bytes", () => {
  it("gives the same bytes for one buffer, fragments and an ArrayBuffer", () => {
    const bytes = Buffer.from('{"type":"ping"}');
    expect(toBuffer(bytes)).toEqual(bytes);
    expect(toBuffer([bytes.subarray(0, 5), bytes.subarray(5)])).toEqual(bytes);
    expect(toBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))).toEqual(bytes);
  });
});
