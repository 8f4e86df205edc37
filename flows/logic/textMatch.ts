import { StemmerEn } from "@nlpjs/lang-en-min";
import { StemmerFr } from "@nlpjs/lang-fr";
import { distance } from "fastest-levenshtein";

/*
 * Free-text screening for red flags (`mentions`), deterministic, in French and English as patients
 * type them: accents and case ignored, inflections reduced to their stem (Snowball stemmers of
 * nlp.js, both languages since patients mix them), small typos forgiven, and the words of a
 * keyword phrase found in any order within a short window ("my lips are swelling" matches
 * "swollen lips"). A match only ever raises urgency, and flows ask the patient to confirm it.
 */

const stemmers = [new StemmerFr(), new StemmerEn()];

/**
 * Words that carry no meaning of their own in a keyword phrase ("the", "de", "my"...). Negations
 * are not among them: "ne respire plus" must not shrink to "respire".
 */
const STOPWORDS = new Set(
  (
    "a an the of to in on at my his her their its is are am be was were i im me it this that and or with for " +
    "le la les l de des du d un une et ou au aux en je j me m mon ma mes son sa ses il elle on y ai as est sont suis " +
    "se s ce c qu que qui"
  ).split(" "),
);

/** Lower-cases and strips accents so "Suicidé" and "suicide" match the same keyword. */
export function normaliseText(text: string): string {
  // Phone keyboards type curly apostrophes: "j’étouffe" must match the keyword "j'etouffe".
  // "œ" and "æ" are letters of their own, not accented ones: "cœur" must read as "coeur", not "c" and "ur".
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae");
}

interface Token {
  word: string;
  stems: string[];
}

const stemCache = new Map<string, string[]>();
function stemsOf(word: string): string[] {
  let stems = stemCache.get(word);
  if (!stems) {
    if (stemCache.size >= 20_000) stemCache.clear();
    stems = [...new Set(stemmers.map((s) => s.stemWord(word)))];
    stemCache.set(word, stems);
  }
  return stems;
}

function tokenise(text: string): Token[] {
  return (normaliseText(text).match(/[a-z0-9]+/g) ?? []).map((word) => ({ word, stems: stemsOf(word) }));
}

/** Typos forgiven: one edit in a word of 6 letters or more, two from 9, never on the first letter. */
function closeEnough(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 6 || a[0] !== b[0]) return false;
  return distance(a, b) <= (shorter >= 9 ? 2 : 1);
}

/** True when a typed word stands for a keyword's word: same word, a keyword prefix ("etouff"), same stem, or a typo of either. */
function wordMatches(typed: Token, keyword: Token): boolean {
  if (typed.word === keyword.word) return true;
  if (keyword.word.length >= 4 && typed.word.startsWith(keyword.word)) return true;
  if (typed.stems.some((s) => s.length >= 3 && keyword.stems.includes(s))) return true;
  // Stemmers stop short on some inflections ("gonfl" / "gonfle"): a stem of 5+ letters starting the other counts.
  if (typed.stems.some((s) => keyword.stems.some((k) => Math.min(s.length, k.length) >= 5 && (s.startsWith(k) || k.startsWith(s))))) return true;
  return closeEnough(typed.word, keyword.word) || typed.stems.some((s) => keyword.stems.some((k) => closeEnough(s, k)));
}

/** The words of a keyword that must be found: its meaningful words, or all of them if it has none. */
function keywordWords(keyword: string): Token[] {
  const all = tokenise(keyword);
  const meaningful = all.filter((t) => !STOPWORDS.has(t.word));
  return meaningful.length > 0 ? meaningful : all;
}

/** Every keyword word is found in the text, in any order, within a window a little wider than the keyword. */
function phraseFound(text: Token[], keyword: Token[]): boolean {
  if (keyword.length === 0) return false;
  const positions = keyword.map((k) => text.flatMap((t, i) => (wordMatches(t, k) ? [i] : [])));
  if (positions.some((p) => p.length === 0)) return false;
  if (keyword.length === 1) return true;
  const window = keyword.length + 3;
  // For each place the first word occurs, every other word must occur near it.
  return positions[0]!.some((start) => positions.slice(1).every((p) => p.some((i) => Math.abs(i - start) < window)));
}

/**
 * A typed text, prepared once, with what was already decided about it: red flags are tried after
 * every answer, so the same text meets the same keyword lists on every turn of a session.
 */
interface PreparedText {
  normalised: string;
  tokens: Token[];
  /** firstMention's result by keyword list (its id in `listIds`). */
  first: Map<number, string | undefined>;
  /** textMentionsWords' result by keyword. */
  words: Map<string, boolean>;
}

// Bounded: past the limit the cache starts again (a miss only costs the matching it saves).
const TEXTS_KEPT = 2_000;
const RESULTS_KEPT_PER_TEXT = 2_000;
const textCache = new Map<string, PreparedText>();
function prepared(text: string): PreparedText {
  let found = textCache.get(text);
  if (!found) {
    if (textCache.size >= TEXTS_KEPT) textCache.clear();
    found = { normalised: normaliseText(text), tokens: tokenise(text), first: new Map(), words: new Map() };
    textCache.set(text, found);
  }
  return found;
}

function remember<K, V>(results: Map<K, V>, key: K, value: V): V {
  if (results.size >= RESULTS_KEPT_PER_TEXT) results.clear();
  results.set(key, value);
  return value;
}

const keywordCache = new Map<string, { normalised: string; words: Token[] }>();
function preparedKeyword(keyword: string): { normalised: string; words: Token[] } {
  let found = keywordCache.get(keyword);
  if (!found) {
    if (keywordCache.size >= 20_000) keywordCache.clear();
    found = { normalised: normaliseText(keyword), words: keywordWords(keyword) };
    keywordCache.set(keyword, found);
  }
  return found;
}

/** A small id per distinct keyword list (a caller may build its list anew on every call), so results are kept by id. */
const listIds = new Map<string, number>();
// A frozen list (a flow's compiled keyword list, flows/logic/compileCondition.ts) cannot change:
// its id is kept by identity, so the screening after every answer does not join it again.
let frozenListIds = new WeakMap<readonly string[], number>();
function listId(keywords: readonly string[]): number {
  const frozen = Object.isFrozen(keywords);
  if (frozen) {
    const known = frozenListIds.get(keywords);
    if (known !== undefined) return known;
  }
  const key = keywords.join("\u0000");
  let id = listIds.get(key);
  if (id === undefined) {
    if (listIds.size >= 20_000) {
      listIds.clear();
      frozenListIds = new WeakMap();
      textCache.clear(); // the ids its results are kept under are gone
    }
    id = listIds.size;
    listIds.set(key, id);
  }
  if (frozen) frozenListIds.set(keywords, id);
  return id;
}

function mentionsIn(typed: PreparedText, keyword: string): boolean {
  if (keyword.trim() === "") return false;
  const wanted = preparedKeyword(keyword);
  return typed.normalised.includes(wanted.normalised) || phraseFound(typed.tokens, wanted.words);
}

/** Given typed text and a keyword (a word, a word's start, or a phrase), returns whether the text mentions it. */
export function textMentions(text: string, keyword: string): boolean {
  return mentionsIn(prepared(text), keyword);
}

/**
 * Given typed text and a keyword, returns whether the text mentions it word for word (stems, typos
 * and word order forgiven as in textMentions), without textMentions' substring shortcut: a short
 * keyword such as "ear" is not found inside "heart". For suggestions, where precision matters.
 */
export function textMentionsWords(text: string, keyword: string): boolean {
  if (keyword.trim() === "") return false;
  const typed = prepared(text);
  const known = typed.words.get(keyword);
  if (known !== undefined) return known;
  return remember(typed.words, keyword, phraseFound(typed.tokens, preparedKeyword(keyword).words));
}

/** The first keyword the text mentions, or undefined. */
export function firstMention(text: string, keywords: readonly string[]): string | undefined {
  // The id first: making one may empty the text cache, and with it the results kept under old ids.
  const id = listId(keywords);
  const typed = prepared(text);
  if (typed.first.has(id)) return typed.first.get(id);
  return remember(
    typed.first,
    id,
    keywords.find((k) => mentionsIn(typed, k)),
  );
}
