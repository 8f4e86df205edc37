import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, currentQuestion, flowSchema, resolverOf, startFlow, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "urinary";
const readJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));
const RAW = readJson(`${SLUG}.json`);
const flow: Flow = flowSchema.parse(RAW);
// This flow hands over to no other flow: a resolver of its own keeps these tests independent of
// the rest of the library (a flow being written by someone else cannot break them).
const resolver = resolverOf([compileFlow(flow)]);
const run = (answers: ScenarioAnswers) => runScenario(SLUG, answers, resolver);

/** A woman of 30 with mild burning and frequency since yesterday: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  sex: "female",
  pregnant: "no",
  missed_period: "no",
  pregnancy_emergency: ["none"],
  catheter: "no",
  urinary_retention: "no",
  key_symptoms: ["dysuria"],
  other_symptoms: ["frequency"],
  systemic_symptoms: ["none"],
  risk_factors: ["none"],
  discomfort: 3,
  symptom_duration: "1 day",
  antibiotics: "no",
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = { pregnancy_emergency: { pregnant: "yes" } };
/** Signs of a ruptured ectopic pregnancy (NICE NG126), each alone enough. */
const ECTOPIC_SIGNS = ["heavy_bleeding", "severe_abdominal_pain", "shoulder_tip_pain", "fainted"];

// ---------------------------------------------------------------------------------------------
// Generic red-flag cases, generated from the flow data (redFlagSuite.ts, shared by the library tests).
const { cases: RED_FLAG_CASES } = describeRedFlagCases({ slug: SLUG, flow, base: BASE, reach: REACH, run });

// ---------------------------------------------------------------------------------------------

interface Scenario {
  name: string;
  answers: ScenarioAnswers;
  urgency: string;
  rules: string[];
}

const ROUTING: Record<string, string> = {
  EMERGENCY: "emergency_services",
  URGENT: "on_call_clinician",
  SOON: "same_day_teleconsultation",
  ROUTINE: "routine_teleconsultation",
  SELF_CARE: "self_care",
};

const s = (name: string, change: ScenarioAnswers, urgency: string, rules: string[]): Scenario => ({ name, answers: { ...BASE, ...change }, urgency, rules });


const SCENARIOS: Scenario[] = [
  s("mild symptoms with one key sign in a woman of 30 are self care", {}, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("two key signs are seen the same day (likely UTI)", { key_symptoms: ["dysuria", "cloudy_urine"] }, "SOON", ["two_or_more_key_symptoms"]),
  s("three key signs are seen the same day", { key_symptoms: ["dysuria", "new_nocturia", "cloudy_urine"] }, "SOON", ["two_or_more_key_symptoms"]),
  s("discomfort at 4/10 stays self care", { discomfort: 4 }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("discomfort at 5/10 is seen the same day", { discomfort: 5 }, "SOON", ["symptoms_not_mild"]),
  s("a girl of 15 is seen the same day", { age_years: 15 }, "SOON", ["child_under_16"]),
  s("a young woman of 16 with mild symptoms is self care", { age_years: 16 }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("a woman of 64 with mild symptoms is self care", { age_years: 64 }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("a woman of 65 is seen the same day", { age_years: 65 }, "SOON", ["age_65_or_over_with_uti_symptoms"]),
  s("a pregnant woman is seen the same day, never self care", { pregnant: "yes" }, "SOON", ["pregnant_with_urinary_symptoms"]),
  s("a possibly pregnant woman is seen the same day", { pregnant: "unsure" }, "SOON", ["pregnant_with_urinary_symptoms"]),
  s("a woman whose period is late is seen the same day, never self care", { missed_period: "yes" }, "SOON", ["pregnant_with_urinary_symptoms"]),
  s("fever in pregnancy is urgent", { pregnant: "yes", systemic_symptoms: ["fever"] }, "URGENT", ["upper_uti_signs_in_pregnancy", "fever", "pregnant_with_urinary_symptoms"]),
  s("a man with urinary infection symptoms is seen the same day", { sex: "male" }, "SOON", ["man_with_uti_symptoms"]),
  s("a person of unstated sex with urinary infection symptoms is seen the same day", { sex: "other" }, "SOON", ["man_with_uti_symptoms"]),
  s("visible blood without infection symptoms is routine", { sex: "male", key_symptoms: ["none"], other_symptoms: ["visible_blood"] }, "ROUTINE", ["visible_blood_without_infection_symptoms"]),
  s("visible blood with one key sign is routine, not self care", { other_symptoms: ["visible_blood"] }, "ROUTINE", ["visible_blood_with_infection_symptoms"]),
  s("fever with loin pain is urgent (pyelonephritis)", { systemic_symptoms: ["fever", "loin_pain"] }, "URGENT", ["fever_and_loin_pain", "fever", "loin_pain"]),
  s("fever alone is seen the same day", { systemic_symptoms: ["fever"] }, "SOON", ["fever"]),
  s("loin pain alone is seen the same day", { systemic_symptoms: ["loin_pain"] }, "SOON", ["loin_pain"]),
  s("shaking chills are urgent", { systemic_symptoms: ["shaking_chills"] }, "URGENT", ["rigors"]),
  s("vomiting with fever is urgent", { systemic_symptoms: ["fever", "vomiting"] }, "URGENT", ["vomiting_with_upper_uti_signs", "fever", "vomiting"]),
  s("vomiting alone is seen the same day", { systemic_symptoms: ["vomiting"] }, "SOON", ["vomiting"]),
  s("unable to pass urine with a painful full bladder is urgent (retention)", { urinary_retention: "yes" }, "URGENT", ["urinary_retention"]),
  s("a catheter is seen the same day", { catheter: "yes" }, "SOON", ["catheter"]),
  s("fever with a catheter is urgent", { catheter: "yes", systemic_symptoms: ["fever"] }, "URGENT", ["catheter_with_fever", "fever", "catheter"]),
  s("a weakened immune system is seen the same day", { risk_factors: ["weak_immunity"] }, "SOON", ["risk_factor_for_complicated_uti"]),
  s("fever with a weakened immune system is urgent", { risk_factors: ["weak_immunity"], systemic_symptoms: ["fever"] }, "URGENT", ["fever_with_weak_immunity", "fever", "risk_factor_for_complicated_uti"]),
  s("diabetes is seen the same day", { risk_factors: ["diabetes"] }, "SOON", ["risk_factor_for_complicated_uti"]),
  s("repeated infections are routine", { risk_factors: ["recurrent_uti"] }, "ROUTINE", ["recurrent_uti"]),
  s("discharge is routine (other cause possible)", { other_symptoms: ["discharge"] }, "ROUTINE", ["discharge"]),
  s("symptoms for 71 hours stay self care", { symptom_duration: "71 hours" }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("symptoms for 3 days are routine", { symptom_duration: "3 days" }, "ROUTINE", ["symptoms_3_days_or_more"]),
  s("no better after 48 hours of antibiotics is seen the same day", { antibiotics: "yes_not_better" }, "SOON", ["antibiotics_not_working"]),
  s("antibiotics started recently with mild symptoms stay self care", { antibiotics: "yes_recent_or_better" }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("no typical urinary infection symptom is routine", { key_symptoms: ["none"], other_symptoms: ["none"] }, "ROUTINE", ["no_typical_uti_symptoms"]),
  s("a baby under one is urgent after a short questionnaire", { age_years: 0 }, "URGENT", ["infant_under_1"]),
];

describe(`${SLUG}: scenarios`, () => {
  it.each(SCENARIOS.map((sc) => [sc.name, sc] as const))("%s", (_name, sc) => {
    const { result } = run(sc.answers);
    expect(result?.redFlag).toBeUndefined();
    expect(result?.urgency).toBe(sc.urgency);
    expect(result?.routing).toBe(ROUTING[sc.urgency]);
    expect((result?.reasons ?? []).map((r) => r.rule).sort()).toEqual([...sc.rules].sort());
    for (const reason of result?.reasons ?? []) {
      expect(reason.text.fr, reason.rule).toBeTruthy();
      expect(reason.text.en, reason.rule).toBeTruthy();
    }
  });

  it("reaches every outcome of the flow", () => {
    const reached = new Set(SCENARIOS.map((sc) => run(sc.answers).result?.outcome));
    for (const c of RED_FLAG_CASES) reached.add(run(c.answers).result?.outcome);
    const outcomes = flow.nodes.filter((n) => n.kind === "outcome").map((n) => n.id);
    expect(outcomes.filter((o) => !reached.has(o))).toEqual([]);
  });

  it("fires every decision rule in at least one scenario", () => {
    const fired = new Set(SCENARIOS.flatMap((sc) => run(sc.answers).result?.reasons.map((r) => r.rule) ?? []));
    const decision = flow.nodes.find((n) => n.kind === "decision")!;
    if (decision.kind !== "decision") throw new Error("no decision node");
    expect([...decision.rules.map((r) => r.id), decision.otherwise.id].filter((id) => !fired.has(id))).toEqual([]);
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
    expect(run({ ...BASE, age_years: 55 }).asked).toContain("pregnant");
  });

  it("asks a baby's parent only the danger signs, age, sex and general signs", () => {
    expect(run({ ...BASE, age_years: 0 }).asked).toEqual(["danger_signs", "age_years", "sex", "systemic_symptoms"]);
  });

  it("screens a baby for sepsis signs on the short path too", () => {
    const { result, asked } = run({ ...BASE, age_years: 0, systemic_symptoms: ["fever", "mottled_skin"] });
    expect(result?.redFlag).toBe("rf_possible_sepsis");
    expect(result?.urgency).toBe("EMERGENCY");
    expect(asked[asked.length - 1]).toBe("systemic_symptoms");
  });

  it("starts with the danger signs, then the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "pregnant"]);
  });

  it("skips the questions already answered in the general flow", () => {
    const compiled = compileFlow(flow);
    const carried = { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "no" };
    expect(currentQuestion(compiled, startFlow(compiled, carried))?.id).toBe("missed_period");
    expect(currentQuestion(compiled, startFlow(compiled, { ...carried, pregnant: "yes" }))?.id).toBe("pregnancy_emergency");
    expect(currentQuestion(compiled, startFlow(compiled, { ...carried, sex: "male" }))?.id).toBe("catheter");
  });

  it("gives self care only to a non-pregnant woman aged 16 to 64", () => {
    const selfCare: string[] = [];
    for (const sex of ["female", "male", "other"]) {
      for (const age of [0, 1, 12, 15, 16, 30, 55, 56, 64, 65, 90]) {
        for (const pregnant of ["yes", "no", "unsure"]) {
          const { result } = run({ ...BASE, sex, age_years: age, pregnant });
          if (result?.urgency === "SELF_CARE") selfCare.push(`${sex} ${age} ${pregnant}`);
          if (result?.urgency === "SELF_CARE") {
            expect(sex).toBe("female");
            expect(age).toBeGreaterThanOrEqual(16);
            expect(age).toBeLessThanOrEqual(64);
            expect(pregnant === "no" || age > 55).toBe(true);
          }
        }
      }
    }
    expect(selfCare.length).toBeGreaterThan(0);
  });
});

describe(`${SLUG}: ectopic pregnancy whatever the complaint picked (NICE NG126, issue 18)`, () => {
  it("asks the pregnancy emergency signs right after pregnancy, before the urinary questions, of a woman who may be pregnant", () => {
    expect(run(BASE).asked.slice(0, 6)).toEqual(["danger_signs", "age_years", "sex", "pregnant", "missed_period", "catheter"]);
    expect(run({ ...BASE, missed_period: "yes" }).asked.slice(0, 7)).toEqual(["danger_signs", "age_years", "sex", "pregnant", "missed_period", "pregnancy_emergency", "catheter"]);
    for (const pregnant of ["yes", "unsure"]) {
      expect(run({ ...BASE, pregnant }).asked.slice(0, 6)).toEqual(["danger_signs", "age_years", "sex", "pregnant", "pregnancy_emergency", "catheter"]);
    }
  });

  it.each([
    ["pregnant", { pregnant: "yes" }],
    ["maybe pregnant", { pregnant: "unsure" }],
    ["not pregnant as far as she knows, but her period is late", { pregnant: "no", missed_period: "yes" }],
  ] as const)("ends at EMERGENCY with the ectopic reason, at the pregnancy emergency signs, for a woman %s", (_who, answers) => {
    for (const sign of ECTOPIC_SIGNS) {
      const { result, asked } = run({ ...BASE, ...answers, pregnancy_emergency: [sign] });
      expect(result?.urgency, sign).toBe("EMERGENCY");
      expect(result?.redFlag, sign).toBe("rf_possible_ectopic_pregnancy");
      expect(asked.at(-1)).toBe("pregnancy_emergency");
      const reason = result!.reasons.find((r) => r.rule === "rf_possible_ectopic_pregnancy")!;
      expect(reason.text.fr).toMatch(/grossesse extra-utérine/);
      expect(reason.text.en).toMatch(/ectopic pregnancy/);
    }
  });

  it("never asks a man, a child of 11 or a woman of 56 with the same story about pregnancy, a late period or its emergency signs", () => {
    const story = { pregnancy_emergency: ["shoulder_tip_pain"], missed_period: "yes" };
    for (const who of [{ sex: "male" }, { sex: "other" }, { age_years: 11 }, { age_years: 56 }]) {
      const { result, asked } = run({ ...BASE, ...story, ...who });
      expect(asked, JSON.stringify(who)).not.toContain("pregnant");
      expect(asked, JSON.stringify(who)).not.toContain("missed_period");
      expect(asked, JSON.stringify(who)).not.toContain("pregnancy_emergency");
      expect(result?.urgency).not.toBe("EMERGENCY");
    }
  });

  it("does not ask the pregnancy emergency signs of a woman who is not pregnant and whose period is not late", () => {
    const { asked, result } = run({ ...BASE, pregnancy_emergency: ["shoulder_tip_pain"] });
    expect(asked).toContain("missed_period");
    expect(asked).not.toContain("pregnancy_emergency");
    expect(result?.urgency).toBe("SELF_CARE");
  });
});

describe(`${SLUG}: both locales`, () => {
  const fr: ScenarioAnswers = { ...BASE, danger_signs: "none", age_years: "45", sex: "female", pregnant: "no", catheter: "non", urinary_retention: "non", key_symptoms: "dysuria,cloudy_urine", systemic_symptoms: "fever,loin_pain", discomfort: "6", symptom_duration: "2 jours" };
  const en: ScenarioAnswers = { ...fr, catheter: "no", urinary_retention: "no", symptom_duration: "2 days" };

  it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
    const a = run(fr).result!;
    const b = run(en).result!;
    expect(a.urgency).toBe("URGENT");
    expect(b.urgency).toBe(a.urgency);
    expect(b.routing).toBe(a.routing);
    expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
    expect(a.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["fever_and_loin_pain", "two_or_more_key_symptoms", "symptoms_not_mild"]));
  });

  it("explains its reasons in French and in English", () => {
    const result = run(fr).result;
    const textsFr = reasonTexts(result, "fr");
    const textsEn = reasonTexts(result, "en");
    expect(textsFr.length).toBeGreaterThan(0);
    expect(textsFr.every((t) => t.length > 0)).toBe(true);
    expect(textsEn.every((t) => t.length > 0)).toBe(true);
    textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
    expect(textsFr.join(" ")).toMatch(/rein/i);
    expect(textsEn.join(" ")).toMatch(/kidney/i);
  });
});


describe(`${SLUG}: content`, () => {
  it("includes the shared danger signs, global red flags and demographic questions unchanged", () => {
    const shared = readJson("shared/dangerSigns.json");
    const demographics = readJson("shared/demographics.json");
    const withoutNext = (node: Record<string, unknown>) => Object.fromEntries(Object.entries(node).filter(([k]) => k !== "next"));
    const rawNode = (id: string) => (RAW.nodes as Record<string, unknown>[]).find((n) => n.id === id);
    expect(RAW.start).toBe("danger_signs");
    expect(withoutNext(rawNode("danger_signs")!)).toEqual(withoutNext(shared.question));
    for (const question of demographics.questions) expect(withoutNext(rawNode(question.id)!)).toEqual(withoutNext(question));
    expect(RAW.redFlags.slice(0, shared.redFlags.length)).toEqual(shared.redFlags);
    for (const id of ["emergency", "emergency_mental_health"]) {
      expect(rawNode(id)).toMatchObject({ kind: "outcome", urgency: "EMERGENCY", routing: "emergency_services" });
    }
  });

  it("never writes an emergency phone number in a text", () => {
    const texts = JSON.stringify({ nodes: flow.nodes, redFlags: flow.redFlags });
    expect(texts).not.toMatch(/\b(15|112|114|141|999|911|3114)\b/);
  });

  it("gives every outcome a title, advice and safety-net in both languages, with the routing of its urgency", () => {
    for (const node of flow.nodes) {
      if (node.kind !== "outcome") continue;
      for (const text of [node.title, node.advice, node.safetyNet]) {
        expect(text?.fr, node.id).toBeTruthy();
        expect(text?.en, node.id).toBeTruthy();
      }
      expect(node.routing, node.id).toBe(ROUTING[node.urgency]);
    }
  });
});
