import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, launchBrowser } from "../browser/browser.js";
import { acceptPrivacy, savedSession } from "../browser/chatDriver.js";
import { WsClient } from "../web/wsClient.js";
import { startRealServer, type RealServer } from "./realServer.js";

/** Moves a session's last activity back by `hours` in the server's own SQLite file, as time passing would. */
function age(server: RealServer, sessionId: string, hours: number): void {
  const db = new Database(server.databaseUrl.replace(/^file:/, ""));
  try {
    const past = new Date(Date.now() - hours * 3_600_000).toISOString().replace(/Z$/, "+00:00");
    expect(db.prepare("UPDATE sessions SET updated_at = ? WHERE id = ?").run(past, sessionId).changes).toBe(1);
  } finally {
    db.close();
  }
}

async function patient(server: RealServer): Promise<WsClient> {
  return WsClient.connect(`${server.baseUrl.replace(/^http/, "ws")}/ws`, { origin: server.baseUrl });
}

/** Starts a session on the general flow; returns its id and resume token. */
async function startSession(server: RealServer): Promise<{ sessionId: string; resumeToken: string; client: WsClient }> {
  const client = await patient(server);
  const id = randomUUID();
  client.send({ v: 1, type: "start", id, flow: "general", locale: "fr" });
  const session = await client.next("session", undefined, 15_000);
  await client.next("ack", (m) => m.replyTo === id, 15_000);
  return { sessionId: session.sessionId, resumeToken: session.resumeToken!, client };
}

/** Sends a resume on a new connection and returns the first answer: the session, or the coded error. */
async function resume(server: RealServer, resumeToken: string): Promise<{ type: string; code?: string; text?: string }> {
  const client = await patient(server);
  try {
    const id = randomUUID();
    client.send({ v: 1, type: "resume", id, resumeToken, afterSeq: 0 });
    const answer = await client.nextWhere((m) => m.type === "session" || (m.type === "error" && m.replyTo === id), 10_000);
    return answer.type === "error" ? { type: "error", code: answer.code, text: answer.text } : { type: answer.type };
  } finally {
    client.socket.close();
  }
}

/** The demo clinician's session cookie, signed in through the sign-in form's endpoint. */
async function clinicianCookie(server: RealServer): Promise<string> {
  const password = /clinician@triage\.local\s+password: (\S+)/.exec(server.output)?.[1];
  if (!password) throw new Error("the server printed no demo clinician password");
  const response = await fetch(`${server.baseUrl}/console/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
    body: new URLSearchParams({ email: "clinician@triage.local", password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";", 1)[0]!)
    .join("; ");
  if (!cookie) throw new Error(`sign-in answered ${response.status} without a cookie`);
  return cookie;
}

async function consoleApi(server: RealServer, cookie: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { cookie, origin: server.baseUrl, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("resume tokens expire, on the real server", () => {
  let server: RealServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startRealServer({ RESUME_TOKEN_TTL_HOURS: "24" });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await closeBrowser(browser);
    await server?.stop();
  });

  it("resumes within the lifetime, and refuses with TRIAGE_RESUME_EXPIRED after 24 hours without activity", async () => {
    const { sessionId, resumeToken, client } = await startSession(server);
    client.socket.close();
    age(server, sessionId, 23);
    expect(await resume(server, resumeToken)).toEqual({ type: "session" });
    age(server, sessionId, 25);
    expect(await resume(server, resumeToken)).toEqual({
      type: "error",
      code: "TRIAGE_RESUME_EXPIRED",
      text: "Cette conversation a expiré et ne peut plus être rouverte. Commencez-en une nouvelle.",
    });
    // An unknown token keeps its own code: the two are told apart.
    expect(await resume(server, "x".repeat(43))).toMatchObject({ type: "error", code: "TRIAGE_RESUME_FAILED" });
  });

  it("refuses the token at once when a clinician closes the case", async () => {
    const { sessionId, resumeToken, client } = await startSession(server);
    const askId = randomUUID();
    client.send({ v: 1, type: "ask_human", id: askId });
    expect(await client.nextWhere((m) => (m.type === "ack" || m.type === "error") && m.replyTo === askId, 15_000)).toMatchObject({
      type: "ack",
      status: "handoff",
    });
    expect(await resume(server, resumeToken)).toEqual({ type: "session" });
    const cookie = await clinicianCookie(server);
    const { cases } = (await consoleApi(server, cookie, "/api/console/queue")) as { cases: { id: string; sessionId: string }[] };
    const found = cases.find((c) => c.sessionId === sessionId);
    expect(found).toBeDefined();
    await consoleApi(server, cookie, `/api/console/cases/${found!.id}/claim`, {});
    await consoleApi(server, cookie, `/api/console/cases/${found!.id}/close`, { disposition: "advice_given" });
    client.socket.close();
    expect(await resume(server, resumeToken)).toMatchObject({ type: "error", code: "TRIAGE_RESUME_EXPIRED" });
  });

  it("the chat page on a phone says the conversation expired and starts a new one on request", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "fr-FR",
      baseURL: server.baseUrl,
    });
    const page = await context.newPage();
    try {
      await page.goto("/chat/general");
      await acceptPrivacy(page, "fr");
      await page.locator(".question-input").waitFor({ timeout: 20_000 });
      const saved = await savedSession(page, "general");
      age(server, saved.sessionId, 25);
      await page.reload();
      const notice = page.getByTestId("resume-refused");
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.getAttribute("data-code")).toBe("TRIAGE_RESUME_EXPIRED");
      expect(await notice.getByRole("heading").textContent()).toBe("Cette conversation n'est plus disponible");
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, "resume-expired-phone.png") });
      // The old transcript is gone from the page and the browser; a new start is one tap away.
      expect(await page.locator("li.kind-answer, li.kind-question").count()).toBe(0);
      await page.getByRole("button", { name: "Commencer une nouvelle conversation" }).click();
      await page.locator(".question-input").waitFor({ timeout: 20_000 });
      // A new session, saved once its start reply came (its first question shows before that).
      await savedSession(page, "general", saved.sessionId);
    } finally {
      await context.close();
    }
  });
});
