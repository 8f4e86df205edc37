import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flowSchema, suggestOptions, validateFlow, type Flow, type SingleChoiceQuestion } from "../../flows/index.js";
import { textMentions, textMentionsWords } from "../../flows/logic/textMatch.js";
import { LIBRARY_DIR } from "./libraryFlows.js";

const generalJson = (): Flow => JSON.parse(readFileSync(`${LIBRARY_DIR}/general.json`, "utf8")) as Flow;
const general = flowSchema.parse(generalJson());
const mainComplaint = general.nodes.find((n) => n.id === "main_complaint") as SingleChoiceQuestion;
const suggest = (text: string) => suggestOptions(mainComplaint, { complaint_text: text });

describe("suggestions from the opening message (entry flow, main complaint)", () => {
  it("reads the opening message, the free-text question asked before", () => {
    expect(mainComplaint.suggestFrom).toBe("complaint_text");
    expect(general.nodes.find((n) => n.id === "complaint_text")).toMatchObject({ kind: "question", type: "free_text" });
  });

  it.each([
    // French, as typed: no accents, misspellings, inflections
    ["j'ai mal a la gorge depuis 3 jours", ["throat_ear_sinus"]],
    ["mal à la gorge et aux oreile", ["throat_ear_sinus"]],
    ["J'ai MAL À LA GORGE", ["throat_ear_sinus"]],
    ["une douleur dans la poitrinne", ["chest_pain"]],
    ["mal au dos depuis 2 jours", ["back_pain"]],
    ["des vomissemnts et la diarhée", ["vomiting_diarrhoea"]],
    ["je suis enseinte de 5 mois", ["pregnancy"]],
    ["je me sens très angoissée", ["mental_health"]],
    ["ça brûle quand je fais pipi", ["urinary"]],
    ["mon cœur bat très vite", ["palpitations"]],
    ["la tête qui tourne", ["neuro"]],
    ["besoin d'un renouvellement d'ordonnance", ["admin_request"]],
    // English
    ["I have had a sore throat for 3 days", ["throat_ear_sinus"]],
    ["terrible headach since this morning", ["headache"]],
    ["my back hurts", ["back_pain"]],
    ["I'm pregnent and bleeding", ["pregnancy"]],
    ["my heart is racing", ["palpitations"]],
    ["I keep throwing up and have diarrhea", ["vomiting_diarrhoea"]],
    // Darija in Latin letters
    ["l7al9 kaydirni", ["throat_ear_sinus"]],
    ["rassi kayderni bzaf", ["headache"]],
    ["3ndi skhana", ["fever_adult"]],
    ["kohba bzaf", ["breathing_cough"]],
  ])("%j suggests %j", (text, expected) => {
    expect(suggest(text)).toEqual(expected);
  });

  it("suggests every complaint a message names, in the question's order, at most three", () => {
    expect(suggest("j'ai de la fièvre et je tousse")).toEqual(["breathing_cough", "fever_adult"]);
    expect(suggest("I fell and hurt my wrist")).toEqual(["limb_joint", "injury"]);
    expect(suggest("fièvre, toux, mal de tête, mal au ventre et au dos")).toHaveLength(3);
  });

  it.each([
    "bonjour",
    "je ne sais pas",
    "I don't feel well",
    "j'ai mal au coeur",
    "j'ai pris une dose de doliprane",
    "my kitchen is a mess",
    "the lab results came back",
    "",
  ])("suggests nothing for %j", (text) => {
    expect(suggest(text)).toEqual([]);
  });

  it("suggests nothing before the free text is answered, or when it is not text", () => {
    expect(suggestOptions(mainComplaint, {})).toEqual([]);
    expect(suggestOptions(mainComplaint, { complaint_text: ["throat"] })).toEqual([]);
  });

  it("suggests nothing for a question without suggestFrom", () => {
    expect(suggestOptions({ ...mainComplaint, suggestFrom: undefined }, { complaint_text: "mal a la gorge" })).toEqual([]);
  });
});

describe("textMentionsWords", () => {
  it("finds whole words only, where textMentions also finds a keyword inside a word", () => {
    expect(textMentions("my heart is racing", "ear")).toBe(true);
    expect(textMentionsWords("my heart is racing", "ear")).toBe(false);
    expect(textMentionsWords("my left ear hurts", "ear")).toBe(true);
  });

  it("reads œ as oe, as patients type it either way", () => {
    expect(textMentionsWords("mon cœur s'emballe", "coeur")).toBe(true);
    expect(textMentions("Mon CŒUR bat vite", "coeur bat")).toBe(true);
  });
});

describe("the validator on suggestFrom", () => {
  const problemsOf = (suggestFrom: string) => {
    const flow = generalJson();
    (flow.nodes.find((n) => n.id === "main_complaint") as SingleChoiceQuestion).suggestFrom = suggestFrom;
    const result = validateFlow(flow);
    return result.ok ? [] : result.problems.map((p) => p.code);
  };

  it("accepts a free-text question of the flow", () => {
    expect(problemsOf("complaint_text")).toEqual([]);
  });

  it.each(["nowhere", "age_years", "main_complaint"])("refuses %j, which is not a free-text question", (id) => {
    expect(problemsOf(id)).toEqual(["invalid-suggest-from"]);
  });
});
