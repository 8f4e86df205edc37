import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderQuestion } from "../../bot/engine/renderQuestion.js";
import { flowSchema, type Locale, type Question } from "../../flows/index.js";
import { searchOptions } from "../../console/lib/chat/searchOptions.js";
import { LIBRARY_DIR } from "../flows/libraryFlows.js";

/*
 * The chat page's choice search over the entry flow's main complaints as the engine renders them
 * (labels in the session's language; the other language's labels and the keywords as terms).
 */

const general = flowSchema.parse(JSON.parse(readFileSync(`${LIBRARY_DIR}/general.json`, "utf8")));
const mainComplaint = general.nodes.find((n) => n.id === "main_complaint") as Question;
const view = (locale: Locale) => renderQuestion(mainComplaint, locale);
const search = (locale: Locale, query: string) => searchOptions(view(locale).options!, query);

describe("the main complaint question as the page gets it", () => {
  it.each(["fr", "en"] as const)("is searchable and grouped in %s, every option under one heading", (locale) => {
    const question = view(locale);
    expect(question.searchable).toBe(true);
    expect(question.groups!.flatMap((g) => g.options).sort()).toEqual(question.options!.map((o) => o.value).sort());
    expect(question.groups!.at(-1)).toEqual({ id: "other", label: locale === "fr" ? "Autres" : "Other", options: ["other"] });
  });

  it("carries the other language's label as a search term", () => {
    const throat = view("fr").options!.find((o) => o.value === "throat_ear_sinus")!;
    expect(throat.label).toBe("Mal de gorge, d'oreille ou sinus");
    expect(throat.terms).toContain("Sore throat, earache or sinus problem");
  });

  it("leaves a short question without groups as plain buttons (no search, no terms)", () => {
    const sex = renderQuestion(general.nodes.find((n) => n.id === "sex") as Question, "en");
    expect(sex.searchable).toBeUndefined();
    expect(sex.groups).toBeUndefined();
    expect(sex.options!.every((o) => o.terms === undefined)).toBe(true);
  });
});

describe("searchOptions", () => {
  it.each([
    ["fr", "gorge"],
    ["fr", "throat"],
    ["en", "throat"],
    ["en", "gorge"],
    ["fr", "GORGE"],
    ["fr", "mal de gorge"],
    ["en", "sore throat"],
    ["en", "throt"],
    ["fr", "gorje"],
    ["fr", "anjine"],
    ["fr", "angine"],
    ["en", "tonsillitis"],
    ["fr", "otite"],
  ] as const)("in %s, %j finds only the throat, ear and sinus choice", (locale, query) => {
    expect(search(locale, query)).toEqual(["throat_ear_sinus"]);
  });

  it("ignores accents and case both ways", () => {
    expect(search("fr", "fievre")).toEqual(search("fr", "Fièvre"));
    expect(search("fr", "fievre")).toEqual(["fever_adult", "fever_child"]);
    expect(search("en", "tête")).toContain("headache");
    expect(search("en", "TETE")).toEqual(search("en", "tête"));
    expect(search("fr", "oeil")).toEqual(["eye"]);
    expect(search("en", "Œil")).toEqual(["eye"]);
  });

  it("narrows as more letters are typed", () => {
    const counts = ["g", "go", "gor", "gorg", "gorge"].map((q) => search("fr", q).length);
    expect(counts[0]).toBeGreaterThan(counts.at(-1)!);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);
    expect(counts.at(-1)).toBe(1);
  });

  it("finds choices by a synonym in French, English or Darija", () => {
    expect(search("fr", "enceinte")).toEqual(["pregnancy"]);
    expect(search("en", "sick note")).toEqual(["admin_request"]);
    expect(search("fr", "vertige")).toEqual(["neuro"]);
    expect(search("en", "kohba")).toEqual(["breathing_cough"]);
    expect(search("en", "enfant")).toEqual(["fever_child"]);
  });

  it("finds nothing for a word no choice knows, and everything for an empty or meaningless query", () => {
    expect(search("en", "xylophone")).toEqual([]);
    expect(search("fr", "")).toHaveLength(20);
    expect(search("fr", "  de la ")).toHaveLength(20);
  });
});
