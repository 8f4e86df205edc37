import type { RequestEvent } from "@sveltejs/kit";
import { guessLocale } from "$lib/chat/guessLocale";
import { LANG_COOKIE, type ConsoleLocale } from "$lib/console/i18n";
import { runtime } from "$lib/server/runtime";

/** The console's language: the clinician's switch (cookie), else the browser's Accept-Language, else the deployment's default. */
export function consoleLocale(event: Pick<RequestEvent, "cookies" | "request">): ConsoleLocale {
  return guessLocale(event.cookies.get(LANG_COOKIE), event.request.headers.get("accept-language"), runtime().config.defaultLocale);
}
