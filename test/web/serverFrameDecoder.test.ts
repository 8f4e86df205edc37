import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatBodySchema, serverMessageSchema, type ServerMessage } from "../../bot/channels/web/protocol.js";
import { readServerFrame } from "../../console/lib/chat/chatProtocol.js";
import { KNOWN_KEYWORDS, readBySchema, type JsonSchema } from "../../console/lib/chat/readBySchema.js";
import { SERVER_MESSAGE_SCHEMA } from "../../console/lib/chat/serverMessageSchema.generated.js";
import { GENERATED_PATH, serverMessageSchemaSource } from "../../scripts/writeServerMessageSchema.js";
import { webHarness, type WebHarness } from "./webHarness.js";

/*
 * The chat page reads the server's frames without zod (issue 24, 4b): against the JSON Schema
 * generated from the server's zod schema. These tests hold the two to the same verdict, on the
 * frames the real server sends and on every way of breaking them.
 */

let h: WebHarness;
beforeAll(async () => {
  h = await webHarness();
});
afterAll(async () => h?.close());

/** The frames a real server sends for a scripted session, as raw text. */
async function recordSession(): Promise<string[]> {
  const frames: string[] = [];
  const open = async () => {
    const socket = new WebSocket(h.url);
    socket.on("message", (data) => frames.push(String(data)));
    await new Promise<void>((resolve, reject) => (socket.once("open", () => resolve()), socket.once("error", reject)));
    return socket;
  };
  const waitFor = async (match: (frame: string) => boolean) => {
    for (let i = 0; i < 500 && !frames.some(match); i++) await new Promise((r) => setTimeout(r, 10));
    if (!frames.some(match)) throw new Error(`no frame matched; got:\n${frames.join("\n")}`);
  };
  const acked = (id: string) => (frame: string) => frame.includes(`"replyTo":"${id}"`);
  const socket = await open();
  const send = (frame: object, id: string) => socket.send(JSON.stringify({ v: 1, id, ...frame }));
  send({ type: "start", flow: h.flow, locale: "fr" }, "s1");
  await waitFor(acked("s1"));
  send({ type: "answer", value: "beaucoup" }, "a1");
  await waitFor(acked("a1"));
  send({ type: "answer", value: 40 }, "a2");
  await waitFor(acked("a2"));
  send({ type: "answer", value: ["blue_lips"] }, "a3");
  await waitFor(acked("a3"));
  send({ type: "ask_human" }, "h1");
  await waitFor(acked("h1"));
  send({ type: "ping" }, "p1");
  await waitFor(acked("p1"));
  send({ type: "answer", value: { nested: true } }, "bad1");
  await waitFor(acked("bad1"));
  socket.close();
  const session = JSON.parse(frames.find((f) => f.includes('"type":"session"'))!) as { resumeToken: string };
  const again = await open();
  again.send(JSON.stringify({ v: 1, id: "r1", type: "resume", resumeToken: session.resumeToken, afterSeq: 0 }));
  await waitFor((f) => f.includes('"type":"question"'));
  again.close();
  return frames;
}

/** Frames the scripted session does not produce (clinician typing and presence, notices, translations), typed by the server's own types. */
const MORE: ServerMessage[] = [
  { v: 1, type: "typing", who: "clinician", on: true },
  { v: 1, type: "presence", clinician: false },
  { v: 1, type: "handoff", view: null },
  {
    v: 1,
    type: "message",
    seq: 9,
    message: { sessionId: "s", seq: 9, at: "2026-01-01T00:00:00Z", locale: "en", author: "system", body: { kind: "notice", text: "n" } },
  },
  {
    v: 1,
    type: "message",
    seq: 10,
    message: {
      sessionId: "s",
      seq: 10,
      at: "2026-01-01T00:00:00Z",
      locale: "fr",
      author: "clinician",
      authorId: "u1",
      body: { kind: "text", text: "Bonjour", language: "fr", translation: { language: "en", text: "Hello" }, original: { language: "fr", text: "Bonjour" } },
    },
  },
  {
    v: 1,
    type: "message",
    seq: 11,
    message: {
      sessionId: "s",
      seq: 11,
      at: "x",
      locale: "fr",
      author: "bot",
      body: { kind: "reask", questionId: "q", problem: "p", text: "t", proposal: { value: [1, { a: 2 }], display: "d" } },
    },
  },
];

/** Every way of breaking a frame by one change: each value dropped, replaced by another type, or by null; each object given an unknown key. */
function mutations(value: unknown): unknown[] {
  const wrong: unknown[] = [null, "x", "", -1, 1.5, 1e20, true, [], {}, ["x"]];
  if (Array.isArray(value)) {
    return value
      .flatMap((item, i) => [value.filter((_, j) => j !== i), ...mutations(item).map((m) => value.map((x, j) => (j === i ? m : x)))])
      .concat([[...value, value[0] ?? "x"]]);
  }
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const out: unknown[] = [{ ...record, extra: 1 }];
    for (const key of Object.keys(record)) {
      const { [key]: _, ...rest } = record;
      out.push(rest);
      for (const m of mutations(record[key])) out.push({ ...record, [key]: m });
    }
    return out;
  }
  return wrong.filter((w) => w !== value);
}

/** zod's reading of a frame: the message, or undefined when refused (what the page did before). */
function zodReads(frame: string): ServerMessage | undefined {
  try {
    const parsed = serverMessageSchema.safeParse(JSON.parse(frame));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

describe("the chat page's reading of server frames", () => {
  it("is generated from the server's zod schema as it is now (run scripts/writeServerMessageSchema.ts after changing it)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(serverMessageSchemaSource());
  });

  it("uses only JSON Schema keywords the page's reader knows", () => {
    const unknown = new Set<string>();
    const walk = (node: unknown, isProperties = false): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n));
      if (typeof node !== "object" || node === null) return;
      for (const [key, child] of Object.entries(node)) {
        if (!isProperties && !KNOWN_KEYWORDS.has(key)) unknown.add(key);
        if (isProperties) walk(child);
        else if (key === "properties" || key === "$defs") walk(child, true);
        else if (typeof child === "object") walk(child);
      }
    };
    walk(SERVER_MESSAGE_SCHEMA);
    expect([...unknown]).toEqual([]);
  });

  it("reads a part written once in $defs wherever it is referred to, and refuses a reference to a part that is not there", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { a: { $ref: "#/$defs/word" }, b: { type: "array", items: { $ref: "#/$defs/word" } } },
      $defs: { word: { type: "string", maxLength: 3 } },
    };
    expect(readBySchema(schema, { a: "abc", b: ["x"], c: 1 })).toEqual({ a: "abc", b: ["x"] });
    expect(readBySchema(schema, { a: "abcd" })).toBeUndefined();
    expect(readBySchema(schema, { b: [1] })).toBeUndefined();
    expect(readBySchema({ ...schema, properties: { a: { $ref: "#/$defs/other" } } }, { a: "x" })).toBeUndefined();
    expect(readBySchema({ ...schema, properties: { a: { $ref: "https://example.org/word" } } }, { a: "x" })).toBeUndefined();
  });

  it("reads every frame a real session sends exactly as zod does, and every kind of message is among them", async () => {
    const frames = [...(await recordSession()), ...MORE.map((m) => JSON.stringify(m))];
    const kinds = new Set<string>();
    for (const frame of frames) {
      const zod = zodReads(frame);
      expect(zod, frame).toBeDefined();
      expect(readServerFrame(frame), frame).toEqual(zod);
      kinds.add(zod!.type === "message" ? `message:${zod!.message.body.kind}` : zod!.type);
    }
    const types = serverMessageSchema.options.map((o) => o.shape.type.value);
    const bodies = chatBodySchema.options.map((o) => o.shape.kind.value);
    const expected = [...types.filter((t) => t !== "message"), ...bodies.map((b) => `message:${b}`)];
    expect([...kinds].sort()).toEqual(expected.sort());
  });

  it("refuses or accepts each broken frame as zod does, and keeps what zod keeps", async () => {
    const frames = [...(await recordSession()), ...MORE.map((m) => JSON.stringify(m))];
    let refused = 0;
    let checked = 0;
    for (const frame of new Set(frames)) {
      for (const broken of mutations(JSON.parse(frame))) {
        const text = JSON.stringify(broken);
        const zod = zodReads(text);
        expect(readServerFrame(text), text).toEqual(zod);
        checked++;
        if (zod === undefined) refused++;
      }
    }
    // Most single changes break a frame; both readers refused the same ones.
    expect(refused).toBeGreaterThan(checked / 2);
  });

  it.each([
    ["text that is not JSON", "{not json"],
    ["a frame of another protocol version", JSON.stringify({ v: 2, type: "pong", replyTo: "x" })],
    ["a frame of an unknown type", JSON.stringify({ v: 1, type: "dance" })],
    ["a JSON array", "[1,2]"],
  ])("refuses %s, as before", (_name, frame) => {
    expect(zodReads(frame)).toBeUndefined();
    expect(readServerFrame(frame)).toBeUndefined();
  });
});
