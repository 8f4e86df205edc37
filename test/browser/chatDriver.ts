import type { Browser, FrameLocator, Page } from "playwright-core";
import { expect } from "vitest";
import type { MainPath, PageAnswer } from "./mainPaths.js";

/** A page or the widget's iframe: what a person looks at and clicks in. */
export type Scope = Pick<Page, "locator" | "getByRole"> | FrameLocator;

const WORDS = {
  fr: { accept: /J'ai compris, commencer/, yes: "Oui", no: "Non", confirm: "Valider", send: "Envoyer" },
  en: { accept: /I understand, start/, yes: "Yes", no: "No", confirm: "Confirm", send: "Send" },
};

/** Accepts the privacy notice (the first question then shows). */
export async function acceptPrivacy(scope: Scope, locale: "fr" | "en"): Promise<void> {
  await scope.getByRole("button", { name: WORDS[locale].accept }).click();
}

/** The question the page waits on: its id and type, once its input is shown and enabled. */
async function currentQuestion(scope: Scope): Promise<{ id: string; type: string } | undefined> {
  const input = scope.locator(".question-input");
  const outcome = scope.locator("article.outcome");
  await input.or(outcome).first().waitFor({ timeout: 20_000 });
  if (await outcome.count()) return undefined;
  const id = (await input.getAttribute("data-question"))!;
  const type = (await input.getAttribute("data-type"))!;
  return { id, type };
}

/** Answers like a person: clicks the button, ticks the boxes, types the number, picks the unit. */
async function give(scope: Scope, answer: PageAnswer, locale: "fr" | "en"): Promise<void> {
  const input = scope.locator(".question-input");
  const words = WORDS[locale];
  if ("yesNo" in answer) return input.getByRole("button", { name: answer.yesNo === "yes" ? words.yes : words.no, exact: true }).click();
  if ("option" in answer) return input.locator(`button[data-value="${answer.option}"]`).click();
  if ("scale" in answer) return input.getByRole("button", { name: String(answer.scale), exact: true }).click();
  if ("options" in answer) {
    for (const value of answer.options) await input.locator(`input[type=checkbox][value="${value}"]`).check();
    return input.getByRole("button", { name: words.confirm }).click();
  }
  if ("number" in answer) {
    await input.getByRole("spinbutton").fill(String(answer.number));
    return input.getByRole("button", { name: words.send }).click();
  }
  if ("duration" in answer) {
    await input.getByRole("spinbutton").fill(String(answer.duration.amount));
    await input.getByRole("combobox").selectOption(answer.duration.unit);
    return input.getByRole("button", { name: words.send }).click();
  }
  await input.getByRole("textbox").fill(answer.text[locale]);
  return input.getByRole("button", { name: words.send }).click();
}

/**
 * The session this browser saved for `flow`, once the server's start reply has come: the first
 * question is on the page before that (rendered by the server), so its input is no sign of a
 * session. `not`: wait for a session other than that one (a new conversation started).
 */
export async function savedSession(page: Page, flow: string, not?: string): Promise<{ sessionId: string }> {
  let saved: { sessionId?: string } = {};
  await expect
    .poll(async () => {
      saved = (await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}"), `triage.chat.${flow}`)) as { sessionId?: string };
      return saved.sessionId !== undefined && saved.sessionId !== not;
    })
    .toBe(true);
  return { sessionId: saved.sessionId! };
}

/** Waits until the page shows the reply to the patient's `count`-th answer (the next question or the outcome). */
export async function waitForReply(scope: Scope, count: number): Promise<void> {
  await scope
    .locator("li.kind-answer")
    .nth(count - 1)
    .waitFor({ timeout: 20_000 });
  await scope.locator(".question-input button:not([disabled]), .question-input input:not([disabled]), article.outcome").first().waitFor({ timeout: 20_000 });
}

/**
 * Answers questions from `path` until the outcome card shows (or `stopAfter` answers were
 * given); returns the question ids asked. Fails on a question the path has no answer for.
 */
export async function answerUntilOutcome(scope: Scope, path: MainPath, locale: "fr" | "en", stopAfter = Infinity): Promise<string[]> {
  const asked: string[] = [];
  for (let step = 0; step < 60 && asked.length < stopAfter; step++) {
    const question = await currentQuestion(scope);
    if (!question) return asked;
    const answer = path.answers[question.id];
    if (!answer) throw new Error(`${path.flow}: no answer for question "${question.id}" (asked: ${asked.join(", ")})`);
    const before = await scope.locator("li.kind-answer").count();
    await give(scope, answer, locale);
    asked.push(question.id);
    await waitForReply(scope, before + 1);
  }
  return asked;
}

/** Answers `path` one question at a time until `questionId` is the one asked (each question awaited up to `waitMs`). */
export async function answerUntilAsked(page: Page, path: MainPath, questionId: string, locale: "fr" | "en", waitMs?: number): Promise<void> {
  for (let step = 0; step < 30; step++) {
    const input = page.locator(".question-input");
    await input.waitFor(waitMs === undefined ? {} : { timeout: waitMs });
    if ((await input.getAttribute("data-question")) === questionId) return;
    await answerUntilOutcome(page, path, locale, 1);
  }
  throw new Error(`${questionId} was never asked`);
}

/** Runs `run` on the chat page of `flow` on a phone (390x844) in `locale`, privacy accepted, in a context of its own closed after. */
export async function withPhoneChat(browser: Browser, baseUrl: string, flow: string, locale: "fr" | "en", run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", viewport: { width: 390, height: 844 }, baseURL: baseUrl });
  try {
    const page = await context.newPage();
    await page.goto(`/chat/${flow}?lang=${locale}`);
    await acceptPrivacy(page, locale);
    await run(page);
  } finally {
    await context.close();
  }
}
