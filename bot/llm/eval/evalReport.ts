import type { AssistFailure } from "../askModel.js";

/** What the complaint and signs reports share: how often the model gave nothing usable, and why. */
export interface FallbackCounts {
  fallbacks: number;
  fallbackRate: number;
  failures: Record<string, number>;
}

/** Given a count and its whole, returns the share, or null when the whole is empty. */
export const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** Given the items and the model's results by id, counts the fallbacks (a missing result counts as "missing") and their reasons. */
export function fallbacksOf(items: readonly { id: string }[], byId: ReadonlyMap<string, object | { failure: AssistFailure }>): FallbackCounts {
  const failures: Record<string, number> = {};
  let fallbacks = 0;
  for (const item of items) {
    const result = byId.get(item.id);
    if (result && !("failure" in result)) continue;
    fallbacks += 1;
    const code = result ? result.failure : "missing";
    failures[code] = (failures[code] ?? 0) + 1;
  }
  return { fallbacks, fallbackRate: items.length === 0 ? 0 : fallbacks / items.length, failures };
}

/** Given a share (0..1, or null when nothing was measured), returns it as the terminal reports align it: " 42.5%". */
export const pct = (value: number | null) => (value === null ? "   –  " : `${(value * 100).toFixed(1).padStart(5)}%`);

/** The fallback line every eval report ends with: the rate, then how many of each failure. */
export function fallbackLine(report: FallbackCounts): string {
  const why = Object.entries(report.failures)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `fallback rate                  ${pct(report.fallbackRate)}${report.fallbacks > 0 ? `  (${why})` : ""}`;
}
