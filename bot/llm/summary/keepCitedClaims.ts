import type { SummaryOutput } from "./summaryPrompt.js";

export interface SummaryClaim {
  text: string;
  lines: number[];
}

/**
 * Given the model's claims and the transcript's line numbers, keeps only the claims whose every
 * citation names a line that exists: a claim citing a line the transcript does not have is
 * made up, whatever the rest of it says. Citations are sorted and de-duplicated.
 */
export function keepCitedClaims(output: SummaryOutput, existing: ReadonlySet<number>): { claims: SummaryClaim[]; dropped: number } {
  const claims: SummaryClaim[] = [];
  for (const claim of output.claims) {
    if (!claim.lines.every((line) => existing.has(line))) continue;
    claims.push({ text: claim.text, lines: [...new Set(claim.lines)].sort((a, b) => a - b) });
  }
  return { claims, dropped: output.claims.length - claims.length };
}
