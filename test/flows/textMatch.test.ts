import { describe, expect, it } from "vitest";
import { evaluateCondition } from "../../flows/index.js";
import { textMentions } from "../../flows/logic/textMatch.js";

/* Free-text screening as patients type: accents, inflections, typos, word order, SMS style. */

describe("textMentions: a keyword found the way patients write it", () => {
  it.each([
    ["I vomited blood", "vomiting blood"],
    ["his face is drooping", "face drooping"],
    ["je n'arrive plus a respiré", "respirer"],
    ["j'ai vomi du sang ce matin", "vomi sang"],
    ["jai envie den finir", "envie d'en finir"],
    ["I can't breath", "can't breathe"],
    ["ma levre gonfle", "levres gonflees"],
    ["SAIGNEMENT qui s'arrete pas", "saignement"],
    ["Je m’étouffe", "j'etouffe"],
    ["bleading a lot from the cut", "bleeding"],
    ["difficultés à respirrer", "difficulte respirer"],
    ["lips swelling", "swelling lips"],
  ])("%j mentions %j", (text, keyword) => {
    expect(textMentions(text, keyword)).toBe(true);
  });

  it.each([
    ["aucun signe particulier", "saigne"],
    ["mal au ventre", "mal de tete"],
    ["démangeaisons sur les bras", "bras faible"],
    ["j'ai un peu de mal à respirer quand je monte les escaliers", "ne respire plus"],
    ["my face is fine but my leg hurts a lot and is swollen after the fall", "face drooping"],
    ["", "blood"],
  ])("%j does not mention %j", (text, keyword) => {
    expect(textMentions(text, keyword)).toBe(false);
  });

  it("only raises: a condition on typed text holds for any keyword of the list, none of them can make it fail", () => {
    const rule = { mentions: [{ var: "complaint_text" }, ["vomi sang", "vomiting blood"]] };
    expect(evaluateCondition(rule, { complaint_text: "I vomited blood twice" })).toBe(true);
    expect(evaluateCondition(rule, { complaint_text: "j'ai vomi du sang" })).toBe(true);
    expect(evaluateCondition(rule, { complaint_text: "mal de gorge" })).toBe(false);
    expect(evaluateCondition(rule, { complaint_text: 42 })).toBe(false);
  });
});
