import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useChatWithFakeModel } from "./assistChat.js";
import { acceptPrivacy } from "./chatDriver.js";

/*
 * A patient on a phone confirms a complaint the language model suggested from a Darija opening
 * message the keyword lists do not understand: `npm start`'s process with LLM_BASE_URL pointing at
 * a fake OpenAI-compatible server, Debian's Chromium. Nothing is chosen for the patient. A warning
 * sign the model reads is asked, and "Modifier ma dernière réponse" after answering it asks it again.
 */

const PHONE = { width: 390, height: 844 };
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
// "I don't sleep, I don't eat, everything worries me": no complaint keyword matches it.
const OPENING = "ma kan3ess ma kanakol, kolchi kay9ale9ni";
// "My face is falling on one side and my words come out heavy": the model names the stroke sign.
const STROKE = "wjhi tay7 mn jiha w lklam kaykhrej t9il";

const { chat, model } = useChatWithFakeModel((request) => {
  if (request.system.includes("Name the warning signs")) return { content: request.user.includes(STROKE) ? '{"signs":["stroke_signs_text"]}' : '{"signs":[]}' };
  return request.user.includes("kay9ale9ni") ? { content: '{"complaints":["mental_health"]}' } : { content: '{"complaints":[]}' };
});

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const BUTTONS = { en: { confirm: "Confirm", send: "Send" }, fr: { confirm: "Valider", send: "Envoyer" } };

/** Opens the entry flow's chat in `lang`, accepts the privacy notice, ticks no danger sign and sends `words` as what brings the patient. */
async function tellComplaint(page: Page, lang: "en" | "fr", words: string): Promise<void> {
  const question = (id: string) => page.locator(`.question-input[data-question="${id}"]`);
  await page.goto(`${chat.server.baseUrl}/chat/general?lang=${lang}`);
  await acceptPrivacy(page, lang);
  await question("danger_signs").locator('input[value="none"]').check();
  await question("danger_signs").getByRole("button", { name: BUTTONS[lang].confirm }).click();
  await question("complaint_text").getByRole("textbox").fill(words);
  await question("complaint_text").getByRole("button", { name: BUTTONS[lang].send }).click();
}

describe("a complaint suggested by the model", () => {
  it("is shown among the suggestions, answered only when the patient picks it, and the flow goes on from there", { timeout: 120_000 }, async () => {
    const context = await chat.browser.newContext({ locale: "en-GB", viewport: PHONE, hasTouch: true });
    const page = await context.newPage();
    const question = (id: string) => page.locator(`.question-input[data-question="${id}"]`);
    try {
      await tellComplaint(page, "en", OPENING);
      await question("age_years").getByRole("spinbutton").fill("29");
      await question("age_years").getByRole("button", { name: "Send" }).click();
      await question("sex").locator('button[data-value="male"]').click();
      const suggested = question("main_complaint").getByRole("group", { name: "From your message, this may be:" });
      await suggested.waitFor({ timeout: 20_000 });
      expect(await suggested.locator("button").evaluateAll((b) => b.map((x) => x.getAttribute("data-suggested-value")))).toEqual(["mental_health"]);
      expect(model().requests.some((r) => r.user.includes(OPENING))).toBe(true);
      const answered = await page.locator("li.kind-answer").count();
      await page.evaluate(() => {
        const header = document.querySelector("header.top")!.getBoundingClientRect().height;
        window.scrollTo(0, document.querySelector(".answer-panel")!.getBoundingClientRect().top + window.scrollY - header - 8);
      });
      await page.screenshot({ path: `${SHOTS}assist-suggestion-en.png` });
      await suggested.locator("button").click();
      await page.locator("li.kind-answer").nth(answered).waitFor();
      expect(await page.locator("li.kind-answer").nth(answered).innerText()).toMatch(/mood|anxiety/i);
      await expect.poll(async () => page.locator(".question-input").getAttribute("data-question")).not.toBe("main_complaint");
    } finally {
      await context.close();
    }
  });

  it(
    "asks again the warning-signs question the model added when the patient changes their answer to it, and a tick shows the emergency numbers",
    { timeout: 120_000 },
    async () => {
      const context = await chat.browser.newContext({ locale: "fr-FR", viewport: PHONE, hasTouch: true });
      const page = await context.newPage();
      const question = (id: string) => page.locator(`.question-input[data-question="${id}"]`);
      const current = () => page.locator(".question-input").getAttribute("data-question");
      try {
        await tellComplaint(page, "fr", STROKE);
        // Asked because the model read a sign in the words; nothing is ticked for the patient.
        await question("text_signs_confirm").waitFor({ timeout: 20_000 });
        expect(await question("text_signs_confirm").locator("input:checked").count()).toBe(0);
        await question("text_signs_confirm").locator('input[value="none"]').check();
        await question("text_signs_confirm").getByRole("button", { name: "Valider" }).click();
        await expect.poll(current).toBe("age_years");

        const requests = model().requests.length;
        await page.getByRole("button", { name: "Modifier ma dernière réponse" }).click();
        await expect.poll(current).toBe("text_signs_confirm");
        expect(model().requests.length).toBe(requests);
        expect(await question("text_signs_confirm").locator("input:checked").count()).toBe(0);
        await page.screenshot({ path: `${SHOTS}assist-signs-changed-fr.png` });
        await question("text_signs_confirm").locator('input[value="stroke_signs_text"]').check();
        await question("text_signs_confirm").getByRole("button", { name: "Valider" }).click();
        await page.locator("[data-emergency-number]").first().waitFor({ timeout: 20_000 });
        // The question came back from the recorded reading: the model was not asked about the words again (only the case summary followed).
        expect(
          model()
            .requests.slice(requests)
            .filter((r) => r.system.includes("Name the warning signs")),
        ).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
