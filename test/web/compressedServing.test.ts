import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../browser/serverProcess.js";

/*
 * The patient page and the widget as a phone on a slow connection gets them (issue 24, 4b): the
 * real server (`tsx bot/start.ts`), raw HTTP so the bytes on the wire are what is checked.
 */

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET with exactly these request headers; the body as sent, not decoded. */
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const;

describe("compressed serving", () => {
  it.for([
    ["the patient page", "/chat/general?lang=fr"],
    ["the widget", "/widget.js"],
  ] as const)("sends %s compressed to a client that accepts br or gzip, and plain to one that does not", async ([, path]) => {
    const plain = await get(path);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const encoding of ["br", "gzip"] as const) {
      const packed = await get(path, { "accept-encoding": encoding });
      expect(packed.status).toBe(200);
      expect(packed.headers["content-encoding"]).toBe(encoding);
      expect(packed.headers.vary).toMatch(/accept-encoding/i);
      expect(packed.body.length).toBeLessThan(plain.body.length / 2);
      const text = decode[encoding](packed.body).toString();
      // The page carries a fresh CSP nonce each time: compare what does not change.
      if (path === "/widget.js") expect(text).toBe(plain.body.toString());
      else expect(text).toContain("<html");
    }
  });

  it("sends the page's scripts precompressed", async () => {
    const page = (await get("/chat/general?lang=fr")).body.toString();
    const script = /href="([^"]*\/_app\/immutable\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const url = new URL(script!, `${server.baseUrl}/chat/general`).pathname;
    const packed = await get(url, { "accept-encoding": "br, gzip" });
    expect(packed.status).toBe(200);
    expect(packed.headers["content-encoding"]).toBe("br");
  });

  it("answers 304 without a body when the widget has not changed, and the script when the tag is another", async () => {
    const first = await get("/widget.js", { "accept-encoding": "gzip" });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get("/widget.js", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const listed = await get("/widget.js", { "if-none-match": `"other", ${etag.replace(/^W\//, "")}` });
    expect(listed.status).toBe(304);
    const changed = await get("/widget.js", { "if-none-match": '"something-else"' });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toContain("triage");
  });
});
