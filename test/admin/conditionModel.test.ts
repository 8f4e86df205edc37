import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  conditionVariables,
  incompleteParts,
  isFullySupported,
  newRule,
  operatorsFor,
  parseCondition,
  writeCondition,
  type ConditionPart,
} from "../../console/lib/admin/conditionModel.js";
import { evaluateCondition, flowSchema, type Condition, type Flow } from "../../flows/index.js";

/*
 * The condition builder's model: every condition of the shipped flows reads into pickers and
 * writes back as the same JSON Logic (or is kept verbatim as a raw piece, never altered).
 */

const LIBRARY = new URL("../../flows/library/", import.meta.url);

function libraryFiles(): { name: string; json: unknown }[] {
  const read = (dir: URL, prefix: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ name: `${prefix}${f}`, json: JSON.parse(readFileSync(new URL(f, dir), "utf8")) as unknown }));
  return [...read(LIBRARY, ""), ...read(new URL("shared/", LIBRARY), "shared/")];
}

/** Every condition of a flow file (branches, score terms, decision rules, red flags), with where it sits. */
function conditionsOf(file: { name: string; json: unknown }): { at: string; when: Condition }[] {
  const flow = file.json as { nodes?: Record<string, unknown>[]; redFlags?: { id: string; when: Condition }[] };
  const found: { at: string; when: Condition }[] = [];
  for (const node of flow.nodes ?? []) {
    const next = node.next as { branches?: { id: string; when: Condition }[] } | undefined;
    for (const b of next?.branches ?? []) found.push({ at: `${file.name} ${String(node.id)} branch ${b.id}`, when: b.when });
    for (const [i, t] of ((node.terms as { when: Condition }[] | undefined) ?? []).entries())
      found.push({ at: `${file.name} ${String(node.id)} term ${i}`, when: t.when });
    for (const r of (node.rules as { id: string; when: Condition }[] | undefined) ?? [])
      found.push({ at: `${file.name} ${String(node.id)} rule ${r.id}`, when: r.when });
  }
  for (const r of flow.redFlags ?? []) found.push({ at: `${file.name} red flag ${r.id}`, when: r.when });
  return found;
}

/** `{"!": [x]}` and `{"!": x}` are the same operation in json-logic-js: compare them as one. */
function normalised(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(normalised);
  if (json === null || typeof json !== "object") return json;
  const entries = Object.entries(json);
  if (entries.length === 1 && entries[0]![0] === "!" && Array.isArray(entries[0]![1]) && entries[0]![1].length === 1)
    return { "!": normalised(entries[0]![1][0]) };
  return Object.fromEntries(entries.map(([k, v]) => [k, normalised(v)]));
}

const roundTrip = (json: Condition) => writeCondition(parseCondition(json));

describe("the condition builder's model on the shipped flows", () => {
  const conditions = libraryFiles().flatMap(conditionsOf);

  it("finds the conditions of every shipped flow and shared part", () => {
    expect(conditions.length).toBeGreaterThan(300);
  });

  it("writes every shipped condition back as an equivalent condition", () => {
    const changed = conditions.filter((c) => JSON.stringify(normalised(roundTrip(c.when))) !== JSON.stringify(normalised(c.when)));
    expect(changed.map((c) => c.at)).toEqual([]);
  });

  it("shows every shipped condition with pickers, none as raw JSON", () => {
    const supported = conditions.filter((c) => isFullySupported(parseCondition(c.when)));
    // Reported in the task's note: supported / total.
    console.info(`condition builder: ${supported.length} of ${conditions.length} shipped conditions fully supported`);
    expect(conditions.filter((c) => !supported.includes(c)).map((c) => c.at)).toEqual([]);
  });
});

describe("reading conditions into pickers", () => {
  it("reads yes/no, option, multiple-choice, number and keyword tests as rules", () => {
    expect(parseCondition({ "==": [{ var: "fever" }, true] })).toMatchObject({ kind: "rule", variable: "fever", operator: "is", value: true });
    expect(parseCondition({ "==": [{ var: "sex" }, "female"] })).toMatchObject({ operator: "is", value: "female" });
    expect(parseCondition({ in: [{ var: "pregnant" }, ["yes", "unsure"]] })).toMatchObject({ operator: "one_of", list: ["yes", "unsure"] });
    expect(parseCondition({ in: ["seizure", { var: "danger_signs" }] })).toMatchObject({ variable: "danger_signs", operator: "includes", value: "seizure" });
    expect(parseCondition({ "!": { in: ["copd", { var: "lung" }] } })).toMatchObject({ variable: "lung", operator: "excludes", value: "copd" });
    expect(parseCondition({ ">=": [{ var: "temperature" }, 39] })).toMatchObject({ variable: "temperature", operator: ">=", value: 39 });
    expect(parseCondition({ "<=": [93, { var: "spo2" }, 94] })).toMatchObject({ variable: "spo2", operator: "between", value: 93, high: 94 });
    expect(parseCondition({ "!=": [{ var: "spo2" }, null] })).toMatchObject({ variable: "spo2", operator: "answered" });
    expect(parseCondition({ mentions: [{ var: "details" }, ["suicide", "overdose"]] })).toMatchObject({ operator: "mentions", list: ["suicide", "overdose"] });
  });

  it("reads and / or / not as all / any / none groups", () => {
    const model = parseCondition({ and: [{ ">=": [{ var: "age" }, 65] }, { or: [{ "==": [{ var: "a" }, true] }, { "!": [{ ">=": [{ var: "b" }, 3] }] }] }] });
    expect(model).toMatchObject({
      kind: "group",
      join: "all",
      items: [{ kind: "rule" }, { kind: "group", join: "any", items: [{ kind: "rule" }, { kind: "group", join: "none", items: [{ operator: ">=" }] }] }],
    });
  });

  it("keeps what the pickers cannot show as raw JSON, written back unchanged inside an edited group", () => {
    const odd = { ">=": [{ "+": [{ var: "a" }, { var: "b" }] }, 3] };
    const dotted = { "==": [{ var: "answers.fever" }, true] };
    const reversed = { ">": [5, { var: "age" }] };
    const odds: Condition[] = [odd, dotted, reversed, true, { var: "fever" }, { if: [true, 1, 2] }];
    for (const json of odds) {
      const model = parseCondition(json);
      expect(model.kind).toBe("raw");
      expect(isFullySupported(model)).toBe(false);
      expect(writeCondition(model)).toEqual(json);
    }
    const mixed = parseCondition({ and: [odd, { "==": [{ var: "fever" }, true] }] });
    if (mixed.kind !== "group") throw new Error("expected a group");
    mixed.items[1] = { ...(mixed.items[1] as Extract<ConditionPart, { kind: "rule" }>), value: false };
    expect(writeCondition(mixed)).toEqual({ and: [odd, { "==": [{ var: "fever" }, false] }] });
  });
});

describe("building conditions with pickers", () => {
  const flow = flowSchema.parse(JSON.parse(readFileSync(new URL("headache.json", LIBRARY), "utf8"))) as Flow;
  const variables = conditionVariables(flow);
  const byId = (id: string) => variables.find((v) => v.id === id)!;

  it("offers the flow's questions with their type, options and unit", () => {
    expect(byId("danger_signs")).toMatchObject({ kind: "multiple_choice" });
    expect(byId("danger_signs").options.length).toBeGreaterThan(2);
    expect(byId("age_years")).toMatchObject({ kind: "number", unit: expect.any(String) });
    expect(byId("headache_duration")).toMatchObject({ kind: "duration", unit: "h" });
  });

  it("offers operators that fit the answer's type", () => {
    expect(operatorsFor("yes_no")).toEqual(["is", "answered"]);
    expect(operatorsFor("multiple_choice")).toContain("includes");
    expect(operatorsFor("multiple_choice")).not.toContain(">=");
    expect(operatorsFor("number")).toEqual(expect.arrayContaining(["<", "<=", ">", ">="]));
    expect(operatorsFor("scale")).toContain(">=");
    expect(operatorsFor("duration")).toContain(">=");
    expect(operatorsFor("free_text")).toEqual(["mentions", "answered"]);
  });

  it("builds 'age >= 50 and worst ever is yes' that the engine evaluates as written", () => {
    const model: ConditionPart = { kind: "group", join: "all", items: [{ ...newRule(byId("age_years"), ">="), value: 50 }, newRule(byId("worst_ever"))] };
    const json = writeCondition(model);
    expect(json).toEqual({ and: [{ ">=": [{ var: "age_years" }, 50] }, { "==": [{ var: "worst_ever" }, true] }] });
    expect(evaluateCondition(json, { age_years: 60, worst_ever: true })).toBe(true);
    expect(evaluateCondition(json, { age_years: 40, worst_ever: true })).toBe(false);
  });

  it("starts a multiple-choice rule on its first option and a none group as a negation", () => {
    const rule = newRule(byId("danger_signs"));
    expect(rule).toMatchObject({ operator: "includes", value: byId("danger_signs").options[0]!.value });
    expect(writeCondition({ kind: "group", join: "none", items: [rule] })).toEqual({ "!": { in: [rule.value, { var: "danger_signs" }] } });
  });

  it("says what is missing before a condition can be saved", () => {
    expect(incompleteParts({ kind: "group", join: "any", items: [] })).toEqual(["an empty group"]);
    expect(incompleteParts({ ...newRule(undefined, "mentions"), variable: "details" })).toEqual(["details: no value"]);
    expect(incompleteParts(newRule(byId("age_years")))).toEqual([]);
  });
});
