/**
 * Given an end of a 0–10 scale and the flow's label for it, returns what the page shows under the
 * scale: the label as written when it already names its number ("0 : aucune douleur"), else the
 * number then the label, so "0 = 0 : aucune douleur" never happens (issue 24, item 4).
 */
export function scaleEndLabel(n: number, label: string | undefined): string {
  const text = (label ?? "").trim();
  if (text === "") return String(n);
  if (new RegExp(`^${n}(?![\\d.,])`).test(text)) return text;
  return `${n} = ${text}`;
}
