import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy, answerUntilOutcome, waitForReply } from "./chatDriver.js";
import { MAIN_PATHS } from "./mainPaths.js";
import { startServerProcess } from "./serverProcess.js";

/* The chat page's controls besides answering: exclusive "none", back, language, clinician, reload. */

const chat = useBrowserWith(() => startServerProcess());
const generalFlow = JSON.parse(readFileSync(new URL("../../flows/library/general.json", import.meta.url), "utf8")) as {
  nodes: { id: string; text?: { en: string } }[];
};
const general = MAIN_PATHS.find((p) => p.flow === "general")!;

async function withChat(locale: "fr" | "en", run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await chat.browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB" });
  try {
    const page = await context.newPage();
    await page.goto(`${chat.server.baseUrl}/chat/general?lang=${locale}`);
    await acceptPrivacy(page, locale);
    await run(page);
  } finally {
    await context.close();
  }
}

const current = (page: Page) => page.locator(".question-input").getAttribute("data-question");

describe.concurrent("the chat page's controls", () => {
  it("makes 'none of these' exclusive with the other boxes", async ({ expect }) => {
    await withChat("en", async (page) => {
      const box = (value: string) => page.locator(`.question-input input[value="${value}"]`);
      await box("seizure").check();
      await box("none").check();
      expect(await box("seizure").isChecked()).toBe(false);
      await box("severe_bleeding").check();
      expect(await box("none").isChecked()).toBe(false);
    });
  }, 60_000);

  it("brings the previous question back on 'change my last answer' and takes the new answer", async ({ expect }) => {
    await withChat("en", async (page) => {
      await answerUntilOutcome(page, general, "en", 3);
      expect(await current(page)).toBe("sex");
      await page.getByRole("button", { name: "Change my last answer" }).click();
      await expect.poll(() => current(page)).toBe("age_years");
      const age = page.locator(".question-input").getByRole("spinbutton");
      await expect.poll(() => age.isEnabled()).toBe(true);
      await age.fill("41");
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await waitForReply(page, 4);
      expect(await current(page)).toBe("sex");
      expect(await page.locator("li.kind-answer").last().innerText()).toMatch(/41/);
    });
  }, 60_000);

  it("asks the current question again in the other language when the patient switches", async ({ expect }) => {
    await withChat("fr", async (page) => {
      await answerUntilOutcome(page, general, "fr", 1);
      expect(await page.locator(".question-input").getByRole("button", { name: "Envoyer" }).count()).toBe(1);
      await page.getByRole("button", { name: /EN/ }).click();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
      await expect.poll(() => page.locator(".question-input").getByRole("button", { name: "Send" }).count()).toBe(1);
      const asked = generalFlow.nodes.find((n) => n.id === "complaint_text")!;
      await expect.poll(() => page.locator("li.kind-question").last().innerText()).toContain(asked.text!.en);
    });
  }, 60_000);

  it("asks for a clinician on 'talk to a clinician' and says so in the transcript", async ({ expect }) => {
    await withChat("en", async (page) => {
      await answerUntilOutcome(page, general, "en", 2);
      await page.getByRole("button", { name: "Talk to a clinician" }).click();
      await expect.poll(() => page.locator("li.kind-handoff").count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByRole("button", { name: "Start again" }).count()).toBe(1);
    });
  }, 60_000);

  it("lets the patient write to the clinician once one has been asked", async ({ expect }) => {
    await withChat("en", async (page) => {
      await answerUntilOutcome(page, general, "en", 2);
      expect(await page.getByLabel("Your message to the clinician").count()).toBe(0);
      await page.getByRole("button", { name: "Talk to a clinician" }).click();
      const box = page.getByLabel("Your message to the clinician");
      await box.waitFor();
      await box.fill("The pain is getting worse since this morning");
      await page.getByRole("button", { name: "Send" }).last().click();
      await expect.poll(() => page.getByRole("log").getByText("The pain is getting worse since this morning").count()).toBe(1);
      expect(await box.inputValue()).toBe("");
    });
  }, 60_000);

  it("shows the same transcript, once, after a reload", async ({ expect }) => {
    await withChat("en", async (page) => {
      await answerUntilOutcome(page, general, "en", 4);
      const seqs = () => page.locator("ol.transcript > li").evaluateAll((items) => items.map((li) => li.getAttribute("data-seq")));
      const before = await seqs();
      await page.reload();
      await expect.poll(seqs).toEqual(before);
      expect(await current(page)).toBe("main_complaint");
      // The privacy notice was accepted for this session: it is not shown again.
      expect(await page.locator("section.privacy").count()).toBe(0);
    });
  }, 60_000);
});

describe("the chat page without a flow", () => {
  it("answers 404 for an unknown flow", async () => {
    const response = await fetch(`${chat.server.baseUrl}/chat/no-such-flow`);
    expect(response.status).toBe(404);
  });
});
