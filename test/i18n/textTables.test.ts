import { describe, expect, it } from "vitest";
import { bilingual } from "../../console/lib/bilingual.js";
import { ASSIST_TEXTS } from "../../console/lib/chat/assistTexts.js";
import { TEXTS as CHAT_TEXTS } from "../../console/lib/chat/texts.js";
import { CONSOLE_TEXTS } from "../../console/lib/console/i18n.js";
import { patientCaseTexts } from "../../bot/cases/patientTexts.js";
import { ENGINE_TEXTS } from "../../bot/engine/engineTexts.js";
import { slackTexts } from "../../bot/channels/slack/slackTexts.js";

/*
 * Every text table of the interfaces, walked in both languages (issue 24, 4b: "every visible text
 * translated"): the same keys, no empty text, and the same {placeholders} in both, so a French
 * page never shows an English leftover or a raw key, and a substituted value is never lost.
 */

type Bilingual = { fr: unknown; en: unknown };

const isBilingual = (value: unknown): value is Bilingual => typeof value === "object" && value !== null && "fr" in value && "en" in value;

/** Every exported {fr, en} table of the console's *Texts.ts modules, found by name so a new table is walked too. */
const consoleTables = Object.entries(import.meta.glob<Record<string, unknown>>("../../console/lib/**/*Texts.ts", { eager: true })).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => isBilingual(value))
    .map(([name, value]) => [`${name} (${file.replace("../../", "")})`, value as Bilingual] as const),
);

/** The coded errors' texts, one pair per code (read through the glob so this test does not pin the module's other exports). */
const errorTables = Object.values(import.meta.glob<{ ERROR_TEXTS?: Record<string, Bilingual> }>("../../bot/errorTexts.ts", { eager: true })).flatMap((module) =>
  Object.entries(module.ERROR_TEXTS ?? {}).map(([code, texts]) => [`error ${code} (bot/errorTexts.ts)`, texts] as const),
);

const TABLES: Record<string, Bilingual> = {
  "TEXTS (console/lib/chat/texts.ts)": CHAT_TEXTS,
  "ASSIST_TEXTS (console/lib/chat/assistTexts.ts)": ASSIST_TEXTS,
  "CONSOLE_TEXTS (console/lib/console/i18n.ts)": CONSOLE_TEXTS,
  ...Object.fromEntries(consoleTables),
  "engine (bot/engine/engineTexts.ts)": ENGINE_TEXTS,
  "patient case (bot/cases/patientTexts.ts)": { fr: patientCaseTexts("fr"), en: patientCaseTexts("en") },
  "Slack (bot/channels/slack/slackTexts.ts)": { fr: slackTexts("fr"), en: slackTexts("en") },
  // One {fr, en} pair per error code (bot/errorTexts.ts's ERROR_TEXTS).
  ...Object.fromEntries(errorTables),
};

/** The {name} placeholders of a text, sorted. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

const kind = (value: unknown) => (Array.isArray(value) ? "array" : value === null ? "null" : typeof value);

/** Every difference between the French and the English value at `path`. */
export function compareLanguages(fr: unknown, en: unknown, path = ""): string[] {
  const at = path || "(table)";
  if (kind(fr) !== kind(en)) return [`${at}: ${kind(fr)} in French, ${kind(en)} in English`];
  if (typeof fr === "string") {
    const problems: string[] = [];
    if (!fr.trim()) problems.push(`${at}: empty in French`);
    if (!(en as string).trim()) problems.push(`${at}: empty in English`);
    const [pf, pe] = [placeholders(fr), placeholders(en as string)];
    if (pf.join() !== pe.join()) problems.push(`${at}: placeholders {${pf.join("} {")}} in French, {${pe.join("} {")}} in English`);
    return problems;
  }
  if (typeof fr === "function")
    return fr.length === (en as () => unknown).length ? [] : [`${at}: takes ${fr.length} arguments in French, ${(en as () => unknown).length} in English`];
  if (Array.isArray(fr)) {
    const other = en as unknown[];
    if (fr.length !== other.length) return [`${at}: ${fr.length} items in French, ${other.length} in English`];
    return fr.flatMap((item, i) => compareLanguages(item, other[i], `${path}[${i}]`));
  }
  if (fr && typeof fr === "object") {
    const [a, b] = [fr as Record<string, unknown>, en as Record<string, unknown>];
    const problems = [
      ...Object.keys(a)
        .filter((k) => !(k in b))
        .map((k) => `${path ? `${path}.` : ""}${k}: missing in English`),
      ...Object.keys(b)
        .filter((k) => !(k in a))
        .map((k) => `${path ? `${path}.` : ""}${k}: missing in French`),
    ];
    for (const key of Object.keys(a)) if (key in b) problems.push(...compareLanguages(a[key], b[key], path ? `${path}.${key}` : key));
    return problems;
  }
  return [];
}

describe("text tables in French and English", () => {
  it.for(Object.keys(TABLES))("%s: same keys, no empty text, same placeholders", (name) => {
    const table = TABLES[name]!;
    expect(compareLanguages(table.fr, table.en)).toEqual([]);
  });

  it("walks the console's tables and the errors' texts", () => {
    expect(consoleTables.map(([name]) => name.split(" ")[0])).toEqual(expect.arrayContaining(["ADMIN_TEXTS", "NODE_FORM_TEXTS", "SUMMARY_TEXTS"]));
    expect(errorTables.length).toBeGreaterThan(10);
  });

  it("finds what it is meant to find", () => {
    expect(
      compareLanguages(
        { a: "Bonjour {name}", b: { c: "" }, d: ["x"], e: (n: number) => String(n), only: "fr" },
        { a: "Hello", b: { c: "C" }, d: ["x", "y"], e: () => "", extra: "en" },
      ),
    ).toEqual([
      "only: missing in English",
      "extra: missing in French",
      "a: placeholders {name} in French, {} in English",
      "b.c: empty in French",
      "d: 1 items in French, 2 in English",
      "e: takes 1 arguments in French, 0 in English",
    ]);
  });

  it("types a table from its French side: a text missing or left over in English fails the typecheck", () => {
    // The @ts-expect-error lines are the test: `npx tsc --noEmit` fails if either compiles.
    // @ts-expect-error -- "b" is missing in English
    const missing = bilingual({ fr: { a: "Oui", b: "Non" }, en: { a: "Yes" } });
    // @ts-expect-error -- "extra" is not in French
    const extra = bilingual({ fr: { a: "Oui" }, en: { a: "Yes", extra: "No" } });
    expect(compareLanguages(missing.fr, missing.en)).toEqual(["b: missing in English"]);
    expect(compareLanguages(extra.fr, extra.en)).toEqual(["extra: missing in French"]);
  });
});
