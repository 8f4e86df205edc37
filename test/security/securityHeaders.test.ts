import { createServer, type Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, launchBrowser } from "../browser/browser.js";
import { startRealServer, type RealServer } from "./realServer.js";

let plain: RealServer;
let https: RealServer;
let host: Server;
let hostUrl: string;
let browser: Browser;

/** The demo administrator's password, printed once by the server at its first start. */
function adminPassword(server: RealServer): string {
  const found = /admin@triage\.local\s+password: (\S+)/.exec(server.output)?.[1];
  if (!found) throw new Error(`no demo password in:\n${server.output}`);
  return found;
}

/** Another site on the same host (another port: same site, so a Lax cookie goes along), framing `urls`. */
function hostPage(urls: string[]): string {
  return `<!doctype html><title>host</title>${urls.map((u, i) => `<iframe id="f${i}" src="${u}" width="600" height="400"></iframe>`).join("")}`;
}

beforeAll(async () => {
  host = createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.getAll("frame");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(hostPage(target));
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
  [plain, https, browser] = await Promise.all([
    startRealServer(),
    // Behind a TLS proxy: PUBLIC_URL is https, and only one other site may embed the widget.
    startRealServer({ PUBLIC_URL: "https://triage.example.org", WIDGET_ALLOWED_ORIGINS: "https://clinic.example.org" }),
    launchBrowser(),
  ]);
}, 240_000);
afterAll(async () => {
  await closeBrowser(browser);
  await Promise.all([plain?.stop(), https?.stop()]);
  host?.close();
});

describe("security headers on the real server", () => {
  it("sends console pages with a nonce-based CSP that forbids framing, and no caching", async () => {
    const response = await fetch(`${plain.baseUrl}/console/sign-in`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("lets any site frame the chat page by default, and only the listed origins when WIDGET_ALLOWED_ORIGINS is set", async () => {
    const open = await fetch(`${plain.baseUrl}/chat/general`);
    expect(open.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(open.headers.get("x-frame-options")).toBeNull();
    const listed = await fetch(`${https.baseUrl}/chat/general`);
    expect(listed.headers.get("content-security-policy")).toContain("frame-ancestors 'self' https://clinic.example.org");
  });

  it("forbids framing the console API and every other response too", async () => {
    for (const path of ["/api/console/queue", "/widget-demo", "/nowhere"]) {
      const response = await fetch(`${plain.baseUrl}${path}`);
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    expect((await fetch(`${plain.baseUrl}/api/console/queue`)).headers.get("cache-control")).toBe("private, no-store");
  });

  it("sends HSTS on every response when PUBLIC_URL is https, and only then", async () => {
    for (const path of ["/console/sign-in", "/chat/general", "/widget.js"]) {
      expect((await fetch(`${https.baseUrl}${path}`)).headers.get("strict-transport-security"), path).toBe("max-age=31536000");
      expect((await fetch(`${plain.baseUrl}${path}`)).headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("marks the session cookie Secure when PUBLIC_URL is https, even for a sign-in that arrived over plain HTTP", async () => {
    const signIn = (server: RealServer) =>
      fetch(`${server.baseUrl}/console/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl, accept: "text/html" },
        body: new URLSearchParams({ email: "admin@triage.local", password: adminPassword(server) }),
        redirect: "manual",
      });
    const secure = await signIn(https);
    expect(secure.status).toBe(303);
    expect(secure.headers.get("set-cookie")).toMatch(/triage_console=[^;]+;.*Secure/i);
    const plainCookie = await signIn(plain);
    expect(plainCookie.status).toBe(303);
    expect(plainCookie.headers.get("set-cookie")).not.toMatch(/Secure/i);
  });
});

describe("framing in Chromium", () => {
  it("refuses to show a signed-in console page inside another site's frame, while the chat page shows", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Sign in first, so the frame would carry a live session (the same-site cookie goes along).
      await page.goto(`${plain.baseUrl}/console/sign-in`);
      await page.fill("input[name=email]", "admin@triage.local");
      await page.fill("input[name=password]", adminPassword(plain));
      await Promise.all([page.waitForURL(/\/console$/), page.click("form:has(input[name=password]) button[type=submit]")]);
      const frames = [`${plain.baseUrl}/console/admin/users`, `${plain.baseUrl}/chat/general?embed=1&lang=en`];
      await page.goto(`${hostUrl}/?${frames.map((f) => `frame=${encodeURIComponent(f)}`).join("&")}`, { waitUntil: "load" });
      const consoleFrame = page.frame({ url: /\/console\/admin\/users/ });
      expect(consoleFrame).toBeNull();
      const chat = page.frame({ url: /\/chat\/general/ });
      expect(chat).not.toBeNull();
      // The chat works inside the frame: the first question arrives over the WebSocket.
      await chat!.getByRole("button", { name: /I understand, start/ }).click();
      await chat!.locator("p.question-text", { hasText: "Right now, is any of these present?" }).waitFor();
      // The console frame shows the browser's refusal, nothing of the page.
      expect(await page.frameLocator("#f0").locator("body").innerText()).not.toMatch(/Deactivate|Users/i);
      if (process.env.SECURITY_SCREENSHOTS) await page.screenshot({ path: `${process.env.SECURITY_SCREENSHOTS}/framing.png` });
    } finally {
      await context.close();
    }
  });

  it("refuses to show the chat page inside a site WIDGET_ALLOWED_ORIGINS does not list", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${hostUrl}/?frame=${encodeURIComponent(`${https.baseUrl}/chat/general?embed=1&lang=en`)}`, { waitUntil: "load" });
      expect(page.frame({ url: /\/chat\/general/ })).toBeNull();
    } finally {
      await context.close();
    }
  });

  it("runs the chat page and the console under their CSP without a single violation", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${plain.baseUrl}/chat/general?lang=en`);
      await page.getByRole("button", { name: /I understand, start/ }).click();
      await page.locator("p.question-text", { hasText: "Right now, is any of these present?" }).waitFor();
      await page.goto(`${plain.baseUrl}/console/sign-in`);
      await page.fill("input[name=email]", "admin@triage.local");
      await page.fill("input[name=password]", adminPassword(plain));
      await Promise.all([page.waitForURL(/\/console$/), page.click("form:has(input[name=password]) button[type=submit]")]);
      // The form and JSON editors (CodeMirror), the graph (xyflow), the dashboard (chart.js).
      for (const path of ["/console/admin/flows/general", "/console/admin/flows/general/graph", "/console/dashboard"]) {
        await page.goto(`${plain.baseUrl}${path}`);
        await page.waitForLoadState("networkidle");
      }
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
