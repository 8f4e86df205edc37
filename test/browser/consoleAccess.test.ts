import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { hydrated, startConsoleServer, signedIn, submitSignIn, TEST_PASSWORD } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY } from "../console/patientWs.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * Who may open what, checked against the real server: every console page and API route, for an
 * anonymous visitor, a clinician and an administrator, plus the sign-in back-off and sign-out as
 * a person meets them in Chromium.
 */

const site = useBrowserWith(() => startConsoleServer({ TRUSTED_PROXIES: "127.0.0.1" }));
let caseId: string;
const contexts: BrowserContext[] = [];

const CASE = "/console/cases/:id";
const pages = (id: string) => ({
  clinician: ["/console", "/console/dashboard", "/console/dashboard?period=30d", CASE.replace(":id", id)],
  // The administrators' area (another issue's pages) sits behind the same guard: checked here too.
  admin: ["/console/admin", "/console/admin/users", "/console/admin/flows", "/console/admin/flows/general", "/console/admin/audit", "/console/admin/settings"],
});
const apis = (id: string) => ({
  clinician: {
    get: ["/api/console/queue", "/api/console/me", "/api/console/dashboard?period=7d", `/api/console/cases/${id}`],
    post: ["claim", "release", "messages", "urgency", "notes", "close"].map((action) => `/api/console/cases/${id}/${action}`),
  },
  admin: {
    get: ["/api/console/admin/users", "/api/console/admin/flows", "/api/console/admin/flows/general/export"],
    post: ["check", "simulate", "publish", "draft"].map((action) => `/api/console/admin/flows/general/${action}`),
  },
});

async function anonymous(): Promise<APIRequestContext> {
  const context = await site.browser.newContext({ baseURL: site.server.baseUrl });
  contexts.push(context);
  return context.request;
}

async function as(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const session = await signedIn(site.browser, site.server.baseUrl, email);
  contexts.push(session.context);
  return session;
}

beforeAll(async () => {
  // As behind a TLS proxy on this host: its X-Forwarded-Proto is believed.
  await site.server.addUser("carl@clinic.example", "clinician", "Dr Carl");
  await site.server.addUser("root@clinic.example", "admin", "Ada Admin");
  await site.server.addUser("locked@clinic.example", "clinician", "Dr Locked");
  await site.server.addUser("leaving@clinic.example", "clinician", "Dr Leaving");
  const patient = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "en");
  await patient.close();
  const found = (await site.server.store.prisma.handoffCase.findFirst({ where: { sessionId: patient.sessionId } }))!;
  caseId = found.id;
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
});

describe("an anonymous visitor", () => {
  it("is sent to sign-in from every console page, with the page to come back to", async () => {
    const request = await anonymous();
    const { clinician, admin } = pages(caseId);
    for (const path of [...clinician, ...admin]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(303);
      expect(response.headers().location, path).toBe(`/console/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it("gets 401 from every console API route, reads and writes", async () => {
    const request = await anonymous();
    const { clinician, admin } = apis(caseId);
    for (const path of [...clinician.get, ...admin.get]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(401);
      expect(await response.json()).toMatchObject({ code: "CONSOLE_UNAUTHENTICATED" });
    }
    for (const path of [...clinician.post, ...admin.post]) expect((await request.post(path, { data: {} })).status(), path).toBe(401);
  });

  it("cannot open the console's live socket", async () => {
    const { context } = { context: await site.browser.newContext({ baseURL: site.server.baseUrl }) };
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/console/sign-in");
    const closed = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => resolve("open");
          socket.onerror = () => resolve("refused");
        }),
      `${site.server.baseUrl.replace("http", "ws")}/ws?console=1`,
    );
    expect(closed).toBe("refused");
  });
});

describe("a signed-in clinician", () => {
  it("opens every clinician page but gets 403 from the administrators' pages", async () => {
    const { context } = await as("carl@clinic.example");
    const { clinician, admin } = pages(caseId);
    for (const path of clinician) expect((await context.request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
    for (const path of admin) expect((await context.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  });

  it("reads the clinician API but gets 403 from the administrators' API", async () => {
    const { context } = await as("carl@clinic.example");
    const { clinician, admin } = apis(caseId);
    for (const path of clinician.get) expect((await context.request.get(path)).status(), path).toBe(200);
    for (const path of admin.get) {
      const response = await context.request.get(path);
      expect(response.status(), path).toBe(403);
      expect(await response.json()).toMatchObject({ code: "CONSOLE_FORBIDDEN" });
    }
    for (const path of admin.post) expect((await context.request.post(path, { data: {} })).status(), path).toBe(403);
  });

  it("passes the guard on every write (the case then decides), and a cross-site write is refused", async () => {
    const { context } = await as("carl@clinic.example");
    const { clinician } = apis(caseId);
    for (const path of clinician.post) {
      const status = (await context.request.post(path, { data: {} })).status();
      expect([200, 409, 422], path).toContain(status);
    }
    const forged = await context.request.post(`/api/console/cases/${caseId}/notes`, { data: { text: "x" }, headers: { origin: "https://evil.example" } });
    expect(forged.status()).toBe(403);
    // A form post: SvelteKit's own origin check refuses it without our Origin, ours wants JSON with it.
    expect((await context.request.post(`/api/console/cases/${caseId}/notes`, { form: { text: "x" } })).status()).toBe(403);
    expect((await context.request.post(`/api/console/cases/${caseId}/notes`, { form: { text: "x" }, headers: { origin: site.server.baseUrl } })).status()).toBe(
      415,
    );
  });
});

describe("an administrator", () => {
  it("opens the administrators' pages and API too", async () => {
    const { context, page } = await as("root@clinic.example");
    for (const path of pages(caseId).admin) expect((await context.request.get(path)).status(), path).toBe(200);
    // The guard lets an administrator through; what the route then answers is its own business.
    for (const path of apis(caseId).admin.get) expect([401, 403], path).not.toContain((await context.request.get(path)).status());
    const users = await (await context.request.get("/api/console/admin/users")).json();
    expect(users.users.map((u: { email: string }) => u.email)).toContain("carl@clinic.example");
    expect(JSON.stringify(users)).not.toContain("argon2");
    await page.goto("/console/admin/users");
    expect(await page.getByTestId("users").innerText()).toContain("carl@clinic.example");
  });
});

describe("signing in and out in the browser", () => {
  it("backs off after repeated failed sign-ins, saying so, and refuses even the right password", async () => {
    const context = await site.browser.newContext({ baseURL: site.server.baseUrl, locale: "en-GB" });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/console/sign-in");
    await hydrated(page);
    const attempt = async (password: string) => {
      await page.locator("#email").fill("locked@clinic.example");
      await page.locator("#password").fill(password);
      await submitSignIn(page);
      return page.getByTestId("sign-in-problem").innerText();
    };
    for (let i = 1; i <= 3; i++) expect(await attempt(`wrong ${i}`)).toBe("Wrong email or password.");
    expect(await attempt("wrong 4")).toBe("Too many failed sign-ins from here. Wait 5 seconds before trying again.");
    expect(await attempt(TEST_PASSWORD)).toMatch(/^Too many failed sign-ins/);
    expect(page.url()).toContain("/console/sign-in");
    // Someone else from the same address still signs in.
    await signedIn(site.browser, site.server.baseUrl, "carl@clinic.example").then((s) => contexts.push(s.context));
  });

  it("marks the session cookie Secure when the browser came over HTTPS (a TLS proxy in front)", async () => {
    const request = await anonymous();
    const https = site.server.baseUrl.replace("http:", "https:");
    const response = await request.post("/console/sign-in", {
      form: { email: "carl@clinic.example", password: TEST_PASSWORD },
      headers: { origin: https, "x-forwarded-proto": "https", accept: "text/html" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const cookie = response.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("triage_console="))!.value;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
  });

  it("signs out: back to sign-in, the old session no longer opens anything, and the live socket closes", async () => {
    const { context, page } = await as("leaving@clinic.example");
    await page.locator('[data-testid=live-state][data-state="open"]').waitFor({ timeout: 15_000 });
    const cookie = (await context.cookies()).find((c) => c.name === "triage_console")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/console/sign-in?signed-out");
    expect(await page.getByRole("status").first().innerText()).toBe("You are signed out.");
    // The old cookie, replayed by hand, opens nothing.
    const replay = await site.browser.newContext({ baseURL: site.server.baseUrl });
    contexts.push(replay);
    await replay.addCookies([{ ...cookie }]);
    expect((await replay.request.get("/api/console/queue")).status()).toBe(401);
    expect((await replay.request.get("/console", { maxRedirects: 0 })).status()).toBe(303);
  });

  it("switches the console to French and back, and the queue page has no serious accessibility problem", async () => {
    const { page } = await as("carl@clinic.example");
    await Promise.all([page.waitForResponse((r) => r.url().endsWith("/console/language")), page.getByRole("button", { name: /FR/ }).click()]);
    await page.getByRole("heading", { level: 1, name: "File d'attente" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    await page.getByRole("button", { name: /EN/ }).click();
    await page.getByRole("heading", { level: 1, name: "Queue" }).waitFor();
  });

  it("leaves every audit chain intact, sign-ins and failures included", async () => {
    expect((await verifyChains(site.server.store)).filter((r) => !r.ok)).toEqual([]);
    const types = (await site.server.store.readAuditEvents("admin", 0)).map((e) => e.type);
    for (const type of ["console.login", "console.login_failed", "console.logout"]) expect(types).toContain(type);
  });
});
