import type { RequestEvent } from "@sveltejs/kit";
import { errorAnswer } from "$wire/errors";
import { consoleLocale } from "$lib/server/auth/consoleLocale";

/**
 * What an administrator reads when a page action is refused: the coded error's text from the one
 * table (bot/errorTexts.ts) in the console's language, never the error's developer message.
 */
export function refusalText(thrown: unknown, event: Pick<RequestEvent, "cookies" | "request">): string {
  return errorAnswer(thrown, consoleLocale(event)).text;
}
