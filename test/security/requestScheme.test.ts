import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { proxyMatcher } from "../../bot/http/clientIp.js";
import { withScheme } from "../../bot/http/requestScheme.js";

// The scheme decides the console cookie's Secure flag and SvelteKit's CSRF origin check: only our
// own proxies may say the browser came over HTTPS.
let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function schemeSeen(trusted: string[], header?: string): Promise<string | undefined> {
  let seen: IncomingMessage["headers"][string];
  server = createServer(
    withScheme((req, res) => {
      seen = req.headers["x-forwarded-proto"];
      res.end();
    }, proxyMatcher(trusted)),
  );
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}/`, { headers: header ? { "x-forwarded-proto": header } : {} });
  return seen as string | undefined;
}

describe("the request scheme behind proxies", () => {
  it("ignores a client's X-Forwarded-Proto when no proxy is configured", async () => {
    expect(await schemeSeen([], "https")).toBe("http");
  });

  it("ignores it from a peer that is not one of the configured proxies", async () => {
    expect(await schemeSeen(["10.0.0.0/8"], "https")).toBe("http");
  });

  it("believes it from a configured proxy", async () => {
    expect(await schemeSeen(["127.0.0.1"], "https")).toBe("https");
  });

  it("uses the socket's own scheme when a configured proxy sends none", async () => {
    expect(await schemeSeen(["127.0.0.0/8"])).toBe("http");
  });
});
