import type { WireQuestion } from "$wire/chat";

/** A value's JSON with object keys sorted: the same data reads the same whatever order its keys came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether two renderings ask the same thing: same question, wording, options and limits. The
 * count of questions left is not compared: it says nothing about what this question asks.
 */
export function sameQuestion(a: WireQuestion, b: WireQuestion): boolean {
  const { remaining: _a, ...left } = a;
  const { remaining: _b, ...right } = b;
  return canonical(left) === canonical(right);
}
