import { error } from "@sveltejs/kit";
import type { WireBody, WireQuestion } from "$wire/chat";
import { runtime } from "$lib/server/runtime";
import type { PageServerLoad } from "./$types";

/** The first turn as the page shows it before the session exists, in one language. */
export interface FirstTurnView {
  messages: WireBody[];
  question: WireQuestion;
}

/**
 * The chat page's data: the flow's title, the deployment's emergency numbers, the first language
 * guess, and what a new session will say first in each language (issue 24, 4b: the page renders
 * the first question on the server; the session's own reply stays the authority).
 */
export const load: PageServerLoad = async ({ params, url, locals }) => {
  const rt = runtime();
  const [flow, first] = await Promise.all([rt.store.latestFlowVersion(params.flow), rt.conversations.firstTurn?.(params.flow)]);
  if (!flow) error(404, "Flow not found / Questionnaire introuvable");
  const title = flow.definition.title;
  return {
    flow: params.flow,
    title: { fr: title.fr ?? title.en ?? params.flow, en: title.en ?? title.fr ?? params.flow },
    locale: locals.lang,
    explicitLocale: url.searchParams.has("lang"),
    embed: url.searchParams.get("embed") === "1",
    emergencyNumbers: rt.settings.engineConfig.emergencyNumbers.map((n) => ({ number: n.number, label: n.label })),
    // The LLM assist reads answers typed in words (issue 21): only when it is configured and switched on.
    ownWords: rt.assist !== undefined && rt.settings.current.assist.answerParsing,
    firstTurn: first ? ({ fr: first.turns.fr, en: first.turns.en } satisfies Record<"fr" | "en", FirstTurnView>) : null,
  };
};
