import type { Locale } from "../../../flows/index.js";
import { escape } from "./renderMessages.js";

/**
 * What the announcement shows of a case summary the LLM assist stored (bot/llm/summary's
 * CaseSummary has this shape): its claims with the transcript lines they cite, and when it was made.
 * Declared here so the Slack door depends on no layer above it.
 */
export interface AnnouncedSummary {
  claims: readonly { text: string; lines: readonly number[] }[];
  at: string;
}

/** Slack's limit for a section's text is 3000 characters; the summary stays well under it. */
const MAX_SECTION = 2900;

const TEXTS: Record<Locale, { heading: string; lines(numbers: readonly number[]): string }> = {
  en: {
    heading: "Summary (made by a language model: each line names the transcript lines it comes from; check them before acting)",
    lines: (numbers) => (numbers.length === 1 ? `line ${numbers[0]}` : `lines ${numbers.join(", ")}`),
  },
  fr: {
    heading: "Résumé (fait par un modèle de langage : chaque ligne cite les lignes du fil d'où elle vient ; vérifiez-les avant d'agir)",
    lines: (numbers) => (numbers.length === 1 ? `ligne ${numbers[0]}` : `lignes ${numbers.join(", ")}`),
  },
};

/**
 * Given a case's stored summary (issue 21) and the channel's language, returns the Block Kit
 * section that shows it in the clinicians' announcement: each claim with the transcript lines it
 * cites (the numbers of the case page). Undefined when there is no claim to show.
 */
export function summaryBlock(summary: AnnouncedSummary | undefined, locale: Locale): { type: "section"; text: { type: "mrkdwn"; text: string } } | undefined {
  if (!summary || summary.claims.length === 0) return undefined;
  const t = TEXTS[locale];
  let text = `*${escape(t.heading)}*`;
  for (const claim of summary.claims) {
    const line = `\n• ${escape(claim.text)} _(${t.lines(claim.lines)})_`;
    if (text.length + line.length > MAX_SECTION) break;
    text += line;
  }
  return { type: "section", text: { type: "mrkdwn", text } };
}
