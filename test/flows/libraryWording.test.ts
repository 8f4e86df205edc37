import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LIBRARY_DIR, readLibraryFiles } from "./libraryFlows.js";

/*
 * Wording rules for every shipped flow (issue 18, item 8): the patient is addressed as "vous" /
 * "you" (or, when asking for someone else, that person or "votre enfant" is named, never "il" or
 * "elle"); French never agrees with the patient's gender ("essoufflé(e)", "seul", "inquiet");
 * French numbers take a decimal comma; the shared modules are copied unchanged into every flow.
 */

type Json = Record<string, unknown>;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, "utf8"));
const flows = readLibraryFiles().map(({ file, json }) => ({ file, flow: json as Json }));
const dangerSigns = readJson(join(LIBRARY_DIR, "shared/dangerSigns.json"));
const demographics = readJson(join(LIBRARY_DIR, "shared/demographics.json"));
const mentalHealth = readJson(join(LIBRARY_DIR, "shared/mentalHealthEmergency.json"));

/** Every string under a `fr` or `en` key of a flow, with where it sits. */
function textsOf(value: unknown, locale: "fr" | "en", at = ""): { at: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => textsOf(v, locale, `${at}/${(v as Json)?.id ?? (v as Json)?.value ?? i}`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === locale && typeof inner === "string" ? [{ at, text: inner }] : textsOf(inner, locale, `${at}.${key}`),
  );
}

/** "il"/"elle" as a subject (impersonal "il y a", "il faut" aside), or a question opening with "A-t-elle", "Vomit-il"... */
const PATIENT_PRONOUN = /(?<![\p{L}'’-])(il(?! y a| faut)|elle|ils|elles)(?!\p{L})|(^|[.?!:;] )\p{L}+-(t-)?(il|elle|ils|elles)(?!\p{L})/iu;
/** Inclusive-writing endings: the text agrees with a gender it does not know. */
const GENDER_MARK = /\p{L}\((e|es|le|ne|se|ve)\)|\p{L}·e/u;
/** An adjective or participle agreeing with "vous", which would need the patient's gender. */
const AGREES_WITH_VOUS = new RegExp(
  "(vous (êtes|étiez|serez|devenez|restez|sentez|semblez)|n'êtes pas|êtes-vous|sentez-vous|restez|ne restez pas|soyez|devenez) " +
    "((très|plus|bien|trop|un peu|encore|déjà|toujours|pas) )*" +
    "(seul|assis|allongé|couché|actif|inquiet|dépassé|accompagné|blessé|essoufflé|confus|somnolent|éveillé|rentré|évanoui|fatigué|perdu|prêt|sûr|vu|évalué|examiné|soigné)(?!\\p{L})",
  "iu",
);

describe("wording of every shipped flow", () => {
  it.each(flows.map(({ file, flow }) => [file, flow] as const))(
    "%s speaks French without il/elle about the patient, without gender agreement, with decimal commas",
    (_file, flow) => {
      const problems: string[] = [];
      for (const { at, text } of textsOf({ nodes: flow.nodes, redFlags: flow.redFlags }, "fr")) {
        if (PATIENT_PRONOUN.test(text)) problems.push(`il/elle at ${at}: ${text}`);
        if (GENDER_MARK.test(text)) problems.push(`(e) at ${at}: ${text}`);
        if (AGREES_WITH_VOUS.test(text)) problems.push(`agreement at ${at}: ${text}`);
        if (/\d\.\d/.test(text)) problems.push(`decimal point at ${at}: ${text}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(flows.map(({ file, flow }) => [file, flow] as const))("%s speaks English to the patient, never of them as he or she", (_file, flow) => {
    const texts = textsOf({ nodes: flow.nodes, redFlags: flow.redFlags }, "en");
    expect(texts.filter(({ text }) => /\b(she|he|her|his|hers|him)\b/i.test(text))).toEqual([]);
  });

  it.each(flows.map(({ file, flow }) => [file, flow] as const))("%s gives every number question a unit label in each language", (_file, flow) => {
    for (const node of flow.nodes as Json[]) {
      if (node.type !== "number") continue;
      const label = (node.unit as { label: { fr?: string; en?: string } }).label;
      expect(label.fr, `${node.id}`).toBeTruthy();
      expect(label.en, `${node.id}`).toBeTruthy();
    }
  });
});

describe("the shared modules, copied into every flow (scripts/syncSharedFlowNodes.ts)", () => {
  const withoutNext = (node: Json) => Object.fromEntries(Object.entries(node).filter(([k]) => k !== "next"));
  const shared: Json[] = [dangerSigns.question as Json, ...(demographics.questions as Json[]), mentalHealth.outcome as Json];

  it.each(flows.map(({ file, flow }) => [file, flow] as const))("%s holds an identical copy of every shared node and red flag it uses", (_file, flow) => {
    const nodes = flow.nodes as Json[];
    for (const module of shared) {
      const own = nodes.find((n) => n.id === module.id);
      if (own) expect(withoutNext(own), `${module.id}`).toEqual(withoutNext(module));
    }
    for (const rf of dangerSigns.redFlags as Json[]) {
      const own = (flow.redFlags as Json[]).find((f) => f.id === rf.id);
      expect(own, `${rf.id}`).toEqual(rf);
    }
    expect(
      nodes.find((n) => n.id === "emergency_mental_health"),
      "emergency_mental_health",
    ).toBeDefined();
  });

  it("addresses the patient with no gender in the mental-health emergency advice", () => {
    const outcome = mentalHealth.outcome as { advice: { fr: string }; safetyNet: { fr: string }; title: { fr: string } };
    for (const text of [outcome.title.fr, outcome.advice.fr, outcome.safetyNet.fr]) {
      expect(text).not.toMatch(GENDER_MARK);
      expect(text).not.toMatch(/\bseule?\b/);
    }
  });
});
