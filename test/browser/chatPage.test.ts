import { gzipSync } from "node:zlib";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openStore } from "../../bot/store/openStore.js";
import { logger } from "../../bot/logger.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy, answerUntilOutcome, waitForReply } from "./chatDriver.js";
import { MAIN_PATHS, RED_FLAG_PATH } from "./mainPaths.js";
import { removeTempDatabase, startServerProcess, tempDatabaseUrl } from "./serverProcess.js";
import { createServer, type Server } from "node:http";
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";

/*
 * The patient's web experience in Debian's Chromium against the real server (`tsx bot/start.ts`
 * as a child process, temporary SQLite file): one browser for the whole file, one context per test.
 */

const chat = useBrowserWith(() => startServerProcess());

async function openChat(
  flow: string,
  locale: "fr" | "en",
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chat.browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", ...options });
  const page = await context.newPage();
  await page.goto(`${chat.server.baseUrl}/chat/${flow}?lang=${locale}`);
  return { context, page };
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

describe.concurrent("a patient completes each shipped flow's main path on the chat page", () => {
  const runs = MAIN_PATHS.flatMap((path) => (["fr", "en"] as const).map((locale) => ({ flow: path.flow, locale, path })));
  it.for(runs)("$flow in $locale", { timeout: 180_000 }, async ({ locale, path }, { expect }) => {
    const { context, page } = await openChat(path.flow, locale);
    try {
      await acceptPrivacy(page, locale);
      const asked = await answerUntilOutcome(page, path, locale);
      expect(asked.length).toBeGreaterThan(3);
      const outcome = page.locator("article.outcome");
      await expect.poll(() => outcome.getAttribute("data-urgency")).toBe(path.urgency);
      await expect.poll(() => page.locator("li.kind-answer").count()).toBe(asked.length);
      expect(await page.locator("li.kind-reask").count()).toBe(0);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    } finally {
      await context.close();
    }
  });
});

describe("the chat page", () => {
  it("shows the emergency number first, as a tel: link, on a red-flag answer", async () => {
    const { context, page } = await openChat(RED_FLAG_PATH.flow, "en");
    try {
      await acceptPrivacy(page, "en");
      await answerUntilOutcome(page, RED_FLAG_PATH, "en");
      // At the very top of the page: the separate emergency markup, before the app itself.
      const banner = page.locator("#triage-emergency");
      await expect.poll(() => banner.isVisible()).toBe(true);
      expect(await page.locator("body > *:not([hidden])").first().getAttribute("id")).toBe("triage-emergency");
      expect(await page.locator("a").first().getAttribute("href")).toBe("tel:15");
      const bannerBox = (await banner.boundingBox())!;
      expect(bannerBox.y).toBe(0);
      // In the outcome card: the number before the title and everything else.
      const outcome = page.locator("article.outcome");
      expect(await outcome.getAttribute("data-urgency")).toBe("EMERGENCY");
      const firstInCard = outcome.locator(":scope > *").first();
      expect(await firstInCard.locator("a").first().getAttribute("href")).toBe("tel:15");
      // And it survives a reload (the session resumes and the banner is drawn again).
      await page.reload();
      await expect.poll(() => page.locator("#triage-emergency a[href='tel:15']").isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("keeps an emergency line with tel: links visible before the conversation starts", async () => {
    const { context, page } = await openChat("general", "fr");
    try {
      const line = page.getByTestId("emergency-line");
      expect(await line.isVisible()).toBe(true);
      expect(await line.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual(["tel:15", "tel:112"]);
      expect(await page.locator("section.privacy").innerText()).toMatch(/pas un diagnostic/);
    } finally {
      await context.close();
    }
  });

  it("can be completed with the keyboard alone", async () => {
    const path = MAIN_PATHS.find((p) => p.flow === "general")!;
    const { context, page } = await openChat(path.flow, "en");
    try {
      await keyboardUntil(page, /I understand, start/);
      await page.keyboard.press("Enter");
      let answers = 0;
      for (let step = 0; step < 30; step++) {
        const input = page.locator(".question-input");
        await input.or(page.locator("article.outcome")).first().waitFor();
        if (await page.locator("article.outcome").count()) break;
        const id = (await input.getAttribute("data-question"))!;
        const answer = path.answers[id];
        if (!answer) throw new Error(`no answer for ${id}`);
        // Each new question takes the focus: its first control.
        await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest(".question-input"))).toBe(true);
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
        expect(outline).not.toBe("none");
        if ("yesNo" in answer) await pressOnButton(page, answer.yesNo === "yes" ? "Yes" : "No");
        else if ("option" in answer) await pressOnButton(page, await input.locator(`button[data-value="${answer.option}"]`).innerText());
        else if ("scale" in answer) await pressOnButton(page, String(answer.scale));
        else if ("options" in answer) {
          for (const value of answer.options) {
            await focusWithTab(page, `input[value="${value}"]`);
            await page.keyboard.press("Space");
          }
          await pressOnButton(page, "Confirm");
        } else if ("number" in answer) {
          await page.keyboard.type(String(answer.number));
          await page.keyboard.press("Enter");
        } else if ("duration" in answer) {
          await page.keyboard.type(String(answer.duration.amount));
          await page.keyboard.press("Tab");
          await page.keyboard.type(answer.duration.unit.slice(0, 2));
          await pressOnButton(page, "Send");
        } else {
          await page.keyboard.type(answer.text.en);
          await pressOnButton(page, "Send");
        }
        answers++;
        await waitForReply(page, answers);
      }
      expect(await page.locator("article.outcome").getAttribute("data-urgency")).toBe(path.urgency);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("has no serious or critical axe violation, before, during and after a conversation", async () => {
    const path = MAIN_PATHS.find((p) => p.flow === "urinary")!;
    const { context, page } = await openChat(path.flow, "fr");
    try {
      expect(await seriousViolations(page)).toEqual([]);
      await acceptPrivacy(page, "fr");
      await answerUntilOutcome(page, path, "fr", 7);
      expect(await seriousViolations(page)).toEqual([]);
      await answerUntilOutcome(page, path, "fr");
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("looks right on a phone (docs/chat-phone.png)", async () => {
    const path = MAIN_PATHS.find((p) => p.flow === "fever-adult")!;
    const { context, page } = await openChat(path.flow, "en", { viewport: { width: 390, height: 844 } });
    try {
      await acceptPrivacy(page, "en");
      await answerUntilOutcome(page, path, "en", 6);
      // The README's picture is refreshed on demand (UPDATE_SCREENSHOTS=1) or when missing; each run keeps one in test-results/.
      const docs = new URL("../../docs/chat-phone.png", import.meta.url).pathname;
      const target =
        process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(docs) ? docs : new URL("../../test-results/chat-phone.png", import.meta.url).pathname;
      mkdirSync(dirname(target), { recursive: true });
      await page.screenshot({ path: target });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe("the widget", () => {
  it("is served small: under 15 KB gzipped", async () => {
    const response = await fetch(`${chat.server.baseUrl}/widget.js`);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    const size = gzipSync(Buffer.from(await response.arrayBuffer())).length;
    expect(size).toBeLessThan(15 * 1024);
  });

  it("takes its colour, side, label, title and logo from data attributes", async () => {
    let host: Server | undefined;
    const context = await chat.browser.newContext();
    const page = await context.newPage();
    try {
      // A host site of its own, a real server on another loopback port: an about:blank page matches
      // no frame-ancestors source (not even *), and Chromium lets only a loopback page load loopback scripts.
      const html =
        `<!doctype html><title>Clinic</title><script src="${chat.server.baseUrl}/widget.js" data-flow="headache" data-locale="en" data-primary-color="#5b2a86" ` +
        `data-position="bottom-left" data-label="Ask a nurse" data-title="Headache check" data-logo="data:image/gif;base64,R0lGODlhAQABAAAAACw="></script>`;
      host = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
      await new Promise<void>((resolve) => host!.listen(0, "127.0.0.1", resolve));
      await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
      const launcher = page.getByRole("button", { name: "Ask a nurse" });
      const style = await launcher.evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, left: getComputedStyle(b).left }));
      expect(style).toEqual({ bg: "rgb(91, 42, 134)", left: "20px" });
      expect(await launcher.locator("img").count()).toBe(1);
      await launcher.click();
      const frame = page.locator("iframe[title='Headache check']");
      expect(await frame.getAttribute("src")).toBe(`${chat.server.baseUrl}/chat/headache?embed=1&lang=en`);
      // Escape inside the chat (the iframe's document) closes the widget and gives the focus back.
      await page
        .frameLocator("iframe[title='Headache check']")
        .getByRole("button", { name: /I understand/ })
        .focus();
      // The chat in the iframe listens for Escape once it has hydrated: press until it has (a loaded CI machine is slow).
      await expect
        .poll(async () => {
          await page.keyboard.press("Escape");
          return launcher.getAttribute("aria-expanded");
        })
        .toBe("false");
    } finally {
      await context.close();
      await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
    }
  }, 60_000);

  it("opens on /widget-demo, is untouched by the host's CSS, and completes a flow in its iframe", async () => {
    const path = MAIN_PATHS.find((p) => p.flow === "general")!;
    const context = await chat.browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    try {
      await page.goto(`${chat.server.baseUrl}/widget-demo?lang=en`);
      expect(await page.evaluate(() => (window as unknown as { hostPageScriptRan: boolean }).hostPageScriptRan)).toBe(true);
      const launcher = page.getByRole("button", { name: "Need care?" });
      // The host page paints every button hot pink with !important: not the launcher, in its shadow root.
      expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(11, 79, 138)");
      await launcher.click();
      expect(await launcher.getAttribute("aria-expanded")).toBe("true");
      expect(await seriousViolations(page)).toEqual([]);
      const frame = page.frameLocator("iframe[title='Before your teleconsultation']");
      await acceptPrivacy(frame, "en");
      await answerUntilOutcome(frame, path, "en");
      expect(await frame.locator("article.outcome").getAttribute("data-urgency")).toBe(path.urgency);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe("a server restart mid-conversation", () => {
  it("is survived: the page resumes, nothing is lost or duplicated, the transcript matches the database", async () => {
    const databaseUrl = tempDatabaseUrl();
    let own = await startServerProcess({ databaseUrl });
    const port = own.port;
    const path = MAIN_PATHS.find((p) => p.flow === "general")!;
    const context = await chat.browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    try {
      await page.goto(`${own.baseUrl}/chat/${path.flow}?lang=en`);
      await acceptPrivacy(page, "en");
      await answerUntilOutcome(page, path, "en", 3);

      expect(await own.stop()).toBe(0);
      await expect.poll(() => page.locator(".connection").innerText()).toMatch(/Connection lost/);
      // An answer given while the server is down waits in the page and is sent after the resume.
      const pending = page.locator(".question-input");
      expect(await pending.getAttribute("data-question")).toBe("sex");
      await pending.locator('button[data-value="male"]').click();

      own = await startServerProcess({ databaseUrl, port });
      await waitForReply(page, 4);
      await answerUntilOutcome(page, path, "en");
      expect(await page.locator("article.outcome").getAttribute("data-urgency")).toBe(path.urgency);

      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("triage.chat.general")!) as { sessionId: string });
      const store = await openStore({ databaseUrl, logger: logger.child({}, { level: "silent" }) });
      const stored = await store.messagesAfter(saved.sessionId, 0);
      await store.close();
      const onPage = await page.locator("ol.transcript > li").evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-seq"))));
      expect(onPage).toEqual(stored.map((m) => m.seq));
      expect(stored.filter((m) => m.body.kind === "answer").map((m) => m.body.kind === "answer" && m.body.questionId)).toEqual(Object.keys(path.answers));
    } finally {
      await context.close();
      await own.stop();
      removeTempDatabase(databaseUrl);
    }
    void port;
  }, 180_000);
});

/**
 * A TCP relay between the browser and the server that can cut every connection and refuse new
 * ones, as a train entering a tunnel would, while the server itself keeps running.
 */
class CuttableLink {
  private up = true;
  private readonly sockets = new Set<Socket>();
  private readonly relay = createTcpServer((client) => {
    if (!this.up) return client.destroy();
    const upstream = connect(this.targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => (client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });

  constructor(private readonly targetPort: number) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.relay.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.relay.address() as AddressInfo).port}`;
  }

  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.relay.close(resolve));
  }
}

describe("a connection cut mid-conversation", () => {
  it("says it is reconnecting, keeps the answer typed offline, and sends it once when the connection is back (docs/screenshots/chat-offline-phone-en.png)", async () => {
    const link = new CuttableLink(chat.server.port);
    const baseUrl = await link.listen();
    const path = MAIN_PATHS.find((p) => p.flow === "general")!;
    const context = await chat.browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const shots = process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname;
    mkdirSync(shots, { recursive: true });
    try {
      await page.goto(`${baseUrl}/chat/${path.flow}?lang=en`);
      await acceptPrivacy(page, "en");
      await answerUntilOutcome(page, path, "en", 1);
      const input = page.locator(".question-input");
      expect(await input.getAttribute("data-question")).toBe("complaint_text");

      link.cut();
      const status = page.locator(".connection");
      await expect.poll(() => status.innerText()).toMatch(/Connection lost, trying again/);
      // The patient types their answer while offline: the page keeps it and says it will go later.
      const words = "My back has hurt for two days";
      await input.getByRole("textbox").fill(words);
      await input.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => status.innerText()).toMatch(/Offline: your answers will be sent as soon as the connection is back/);
      await page.screenshot({ path: `${shots}/chat-offline-phone-en.png` });

      link.restore();
      await waitForReply(page, 2);
      await expect.poll(() => status.innerText()).toBe("");
      expect(await page.locator("li.kind-answer").allInnerTexts()).toEqual([expect.any(String), expect.stringContaining(words)]);
      await answerUntilOutcome(page, path, "en");
      expect(await page.locator("article.outcome").getAttribute("data-urgency")).toBe(path.urgency);
      // Sent once: the transcript (the server's messages, one per seq) holds one answer per question.
      const onPage = await page.locator("ol.transcript > li").evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-seq"))));
      expect(new Set(onPage).size).toBe(onPage.length);
      expect(await page.locator("li.kind-answer").count()).toBe(Object.keys(path.answers).length);
    } finally {
      await context.close();
      await link.close();
    }
  }, 180_000);
});

/** Presses Tab until the focused element is the button named `name`, then Enter. */
async function pressOnButton(page: Page, name: string): Promise<void> {
  await focusWithTab(page, `button`, name);
  await page.keyboard.press("Enter");
}

/** Presses Tab until a button whose text matches `name` has the focus (waiting first for the page to be interactive). */
async function keyboardUntil(page: Page, name: RegExp): Promise<void> {
  await page.getByRole("button", { name }).and(page.locator(":enabled")).waitFor();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const text = await page.evaluate(() => (document.activeElement?.tagName === "BUTTON" ? (document.activeElement.textContent ?? "") : ""));
    if (name.test(text)) return;
  }
  throw new Error(`no focusable element named ${name}`);
}

/** Presses Tab (never the mouse) until the focused element matches `selector` (and `text`). */
async function focusWithTab(page: Page, selector: string, text?: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const hit = await page.evaluate(
      ([sel, want]) => {
        const el = document.activeElement;
        return !!el && el.matches(sel!) && (want === undefined || el.textContent?.trim() === want);
      },
      [selector, text] as const,
    );
    if (hit) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector} ${text ?? ""}`);
}
