import { describe, expect, it } from "vitest";
import type { Locale } from "../../flows/index.js";
import type { InboundEvent } from "../../bot/engine/ports.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { advance, contextAt, fixtureResolver, NOW, startFlow } from "./engineHarness.js";

/** What the patient must have answered before each question of every-kind. */
const BEFORE: Record<string, unknown[]> = {
  fever: [],
  temperature: [false],
  where: [false, 37],
  since: [false, 37, "head"],
  signs: [false, 37, "head", "2 days"],
  notes: [false, 37, "head", "2 days", ["none"]],
};

interface Case {
  flow: string;
  question: string;
  event: InboundEvent;
  problem: string;
  text: Record<Locale, string>;
}

const cases: Case[] = [
  {
    flow: "every-kind",
    question: "fever",
    event: { type: "text", text: "maybe" },
    problem: "not_yes_no",
    text: { en: "I did not understand this answer. Please answer yes or no.", fr: "Je n'ai pas compris cette réponse. Merci de répondre par oui ou par non." },
  },
  {
    flow: "every-kind",
    question: "temperature",
    event: { type: "answer", value: "abc" },
    problem: "not_a_number",
    text: {
      en: "This is not a number. Please enter a number between 34 and 43 (°C).",
      fr: "Ce n'est pas un nombre. Merci d'indiquer un nombre entre 34 et 43 (°C).",
    },
  },
  {
    flow: "every-kind",
    question: "temperature",
    event: { type: "text", text: "45,5" },
    problem: "out_of_range",
    text: {
      en: "This value is outside the expected range. Please enter a number between 34 and 43 (°C).",
      fr: "Cette valeur est en dehors des limites attendues. Merci d'indiquer un nombre entre 34 et 43 (°C).",
    },
  },
  {
    flow: "tiny",
    question: "age",
    event: { type: "text", text: "12.5" },
    problem: "not_an_integer",
    text: {
      en: "The number must be a whole number. Please enter a whole number between 0 and 120 (ans).",
      fr: "Le nombre doit être entier. Merci d'indiquer un nombre entier entre 0 et 120 (ans).",
    },
  },
  {
    flow: "every-kind",
    question: "where",
    event: { type: "answer", value: "knee" },
    problem: "unknown_option",
    text: {
      en: "“knee” is not one of the choices. Please choose one of: “Head” or “Belly”.",
      fr: "« knee » ne fait pas partie des choix. Merci de choisir une réponse parmi : « Tête » ou « Ventre ».",
    },
  },
  {
    flow: "every-kind",
    question: "since",
    event: { type: "text", text: "forever" },
    problem: "not_a_duration",
    text: {
      en: "I did not understand this duration. Please give a duration, for example “3 days”, “4 hours” or “30 min”, up to 30 days.",
      fr: "Je n'ai pas compris cette durée. Merci d'indiquer une durée, par exemple « 3 jours », « 4 heures » ou « 30 min », jusqu'à 30 jours.",
    },
  },
  {
    flow: "every-kind",
    question: "since",
    event: { type: "text", text: "2 mois" },
    problem: "out_of_range",
    text: {
      en: "This value is outside the expected range. Please give a duration, for example “3 days”, “4 hours” or “30 min”, up to 30 days.",
      fr: "Cette valeur est en dehors des limites attendues. Merci d'indiquer une durée, par exemple « 3 jours », « 4 heures » ou « 30 min », jusqu'à 30 jours.",
    },
  },
  {
    flow: "every-kind",
    question: "signs",
    event: { type: "answer", value: ["none", "rash"] },
    problem: "none_is_exclusive",
    text: {
      en: "“None” cannot be combined with other choices. Choose “None” on its own, or only the choices that apply.",
      fr: "« Aucun » ne peut pas être combiné avec d'autres choix. Choisissez « Aucun » seul, ou seulement les choix qui s'appliquent.",
    },
  },
  {
    flow: "every-kind",
    question: "signs",
    event: { type: "answer", value: ["rash", "fever"] },
    problem: "unknown_option",
    text: {
      en: "“fever” is not one of the choices. Please choose one or more of: “Rash”, “Stiff neck” or “None”.",
      fr: "« fever » ne fait pas partie des choix. Merci de choisir une ou plusieurs réponses parmi : « Éruption », « Nuque raide » ou « Aucun ».",
    },
  },
  {
    flow: "every-kind",
    question: "notes",
    event: { type: "text", text: "a very long story about my week" },
    problem: "too_long",
    text: {
      en: "Your answer is longer than 20 characters. Please write your answer in 20 characters or fewer.",
      fr: "Votre réponse dépasse 20 caractères. Merci d'écrire votre réponse en 20 caractères au plus.",
    },
  },
  {
    flow: "every-kind",
    question: "fever",
    event: { type: "answer", value: "" },
    problem: "empty",
    text: { en: "Your answer is empty. Please answer yes or no.", fr: "Votre réponse est vide. Merci de répondre par oui ou par non." },
  },
];

const locales: Locale[] = ["en", "fr"];

describe.each(locales)("a wrong answer in %s", (locale) => {
  it.each(cases)(
    "to $question ($problem) gets a re-ask naming what was wrong and what is expected, and changes nothing",
    ({ flow, question, event, problem, text }) => {
      const resolver = fixtureResolver();
      const before = advance(startFlow(flow, locale, resolver).session, flow === "tiny" ? [] : BEFORE[question]!, resolver);
      const turn = takeTurn(contextAt(new Date(NOW.getTime() + 3_600_000), resolver), before, event);

      expect(turn.messages.map((m) => m.author)).toEqual(["patient", "bot"]);
      expect(turn.messages[0]!.body.kind).toBe(event.type === "text" ? "text" : "answer");
      expect(turn.messages[1]!.body).toEqual({ kind: "reask", questionId: question, problem, text: text[locale] });
      expect(turn.session.state).toEqual(before.state);
      expect(turn.session.status).toBe(before.status);
      expect(turn.effects).toEqual([]);
      expect(turn.handoff).toBeUndefined();
      expect(turn.audit.map((a) => a.type)).toEqual(["patient.inbound", "answer.rejected"]);
      expect(turn.audit[1]!.payload).toMatchObject({ question, problem });
    },
  );
});

describe("a typed reply", () => {
  const typed: [string, string, unknown][] = [
    ["fever", "oui", true],
    ["temperature", "39,5", 39.5],
    ["where", "ventre", "belly"],
    ["where", "2", "belly"],
    ["since", "3 jours", 72],
    ["signs", "Rash, stiff neck", ["rash", "stiff_neck"]],
    ["notes", "  rien  ", "rien"],
  ];
  it.each(typed)("to %s, %j, is read as the answer %j", (question, text, value) => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "fr", resolver).session, BEFORE[question]!, resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "text", text });
    expect(turn.audit.find((a) => a.type === "answer.recorded")?.payload).toMatchObject({ question, value });
    expect(turn.messages[0]).toEqual({ author: "patient", body: { kind: "text", text } });
  });
});
