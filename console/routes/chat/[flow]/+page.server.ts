import { error } from "@sveltejs/kit";
import type { WireBody, WireQuestion } from "$wire/chat";
import { runtime } from "$lib/server/runtime";
import type { Locale } from "$lib/chat/guessLocale";
import type { PageServerLoad } from "./$types";

/** The first turn as the page shows it before the session exists, in the page's language. */
export interface FirstTurnView {
  locale: Locale;
  messages: WireBody[];
  question: WireQuestion;
}

/**
 * The chat page's data: the flow's title, the deployment's emergency numbers, the first language
 * guess, and what a new session will say first in that language only (issue 24, 4b: the page
 * renders the first question on the server; the session's own reply stays the authority and
 * brings the other language). Title and first turn come from one read of the flow's latest
 * version, kept by the conversation service until a publication or a settings change.
 */
export const load: PageServerLoad = async ({ params, url, locals }) => {
  const rt = runtime();
  const first = rt.conversations.firstTurn ? await rt.conversations.firstTurn(params.flow, locals.lang) : await titleOnly(params.flow);
  if (!first) error(404, "Flow not found / Questionnaire introuvable");
  const title = first.title;
  return {
    flow: params.flow,
    title: { fr: title.fr ?? title.en ?? params.flow, en: title.en ?? title.fr ?? params.flow },
    locale: locals.lang,
    explicitLocale: url.searchParams.has("lang"),
    embed: url.searchParams.get("embed") === "1",
    emergencyNumbers: rt.settings.engineConfig.emergencyNumbers.map((n) => ({ number: n.number, label: n.label })),
    // The LLM assist reads answers typed in words (issue 21): only when it is configured and switched on.
    ownWords: rt.assist !== undefined && rt.settings.current.assist.answerParsing,
    firstTurn: first.turn ? ({ locale: locals.lang, ...first.turn } satisfies FirstTurnView) : null,
  };
};

/** A conversation service without previews: the title from the store, no first turn. */
async function titleOnly(flow: string) {
  const latest = await runtime().store.latestFlowVersion(flow);
  return latest ? { title: latest.definition.title, turn: undefined } : undefined;
}
