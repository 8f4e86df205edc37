import { distance } from "fastest-levenshtein";

/** A choice as the page has it: its label in the session's language and what else should find it. */
export interface SearchableOption {
  value: string;
  label: string;
  terms?: string[];
}

/** Words that narrow nothing ("mal de gorge" is "mal" and "gorge"). */
const IGNORED = new Set(
  (
    "a ai au aux c ca d de des du en est et j je l la le les m ma me mes mon ou s suis un une " + "am an and at has have i in is it its my of on or the to with"
  ).split(" "),
);

/** Lower case, accents and apostrophe styles folded: "Fièvre" and "fievre" are the same word. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae");
}

function wordsOf(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

/** A typed word finds a word it starts. */
function wordStarted(typed: string, words: readonly string[]): boolean {
  return words.some((w) => w.startsWith(typed));
}

/** A typed word of 5 letters or more with one typo in a word (or in its start): "throt", "gorje", "anjine". */
function wordNearly(typed: string, words: readonly string[]): boolean {
  if (typed.length < 5) return false;
  return words.some(
    (w) => w[0] === typed[0] && (distance(typed, w) <= 1 || (w.length > typed.length + 1 && distance(typed, w.slice(0, typed.length + 1)) <= 1)),
  );
}

/**
 * Given the choices and what the patient typed, returns the values of the choices it finds, in
 * their order: every meaningful typed word must start a word of the label or of a term (accents
 * and case ignored). Only when nothing is found that way, one typo per word is forgiven. A query
 * of no meaningful word finds every choice.
 */
export function searchOptions(options: readonly SearchableOption[], query: string): string[] {
  const typed = wordsOf(query).filter((w) => !IGNORED.has(w));
  if (typed.length === 0) return options.map((o) => o.value);
  const words = options.map((o) => ({ value: o.value, words: [o.label, ...(o.terms ?? [])].flatMap(wordsOf) }));
  const exact = words.filter((o) => typed.every((t) => wordStarted(t, o.words)));
  const found = exact.length > 0 ? exact : words.filter((o) => typed.every((t) => wordStarted(t, o.words) || wordNearly(t, o.words)));
  return found.map((o) => o.value);
}
