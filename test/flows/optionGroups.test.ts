import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { groupOptions, validateFlow, type Flow, type SingleChoiceQuestion } from "../../flows/index.js";
import { LIBRARY_DIR } from "./libraryFlows.js";

const label = (en: string) => ({ fr: en, en });
const option = (value: string) => ({ value, label: label(value) });

function choice(values: string[], groups?: SingleChoiceQuestion["groups"]): SingleChoiceQuestion {
  return {
    id: "q",
    kind: "question",
    type: "single_choice",
    text: label("Which?"),
    options: values.map(option),
    next: { branches: [], default: "q" },
    ...(groups ? { groups } : {}),
  };
}

const general = (): Flow => JSON.parse(readFileSync(`${LIBRARY_DIR}/general.json`, "utf8")) as Flow;
const mainComplaint = (flow: Flow) => flow.nodes.find((n) => n.id === "main_complaint") as SingleChoiceQuestion;

describe("groupOptions", () => {
  it("returns no groups for a question that declares none", () => {
    expect(groupOptions(choice(["a", "b"]))).toEqual([]);
  });

  it("keeps the declared groups in order and puts the options no group lists under an other group", () => {
    const groups = groupOptions(
      choice(
        ["a", "b", "c", "d"],
        [
          { id: "second", label: label("Second"), options: ["c", "a"] },
          { id: "first", label: label("First"), options: ["b"] },
        ],
      ),
    );
    expect(groups).toEqual([
      { id: "second", label: label("Second"), options: ["c", "a"] },
      { id: "first", label: label("First"), options: ["b"] },
      { id: "other", options: ["d"] },
    ]);
  });

  it("adds the leftover options to a declared group called other, after its own", () => {
    const groups = groupOptions(
      choice(
        ["a", "b", "c"],
        [
          { id: "other", label: label("Misc"), options: ["b"] },
          { id: "g", label: label("G"), options: ["a"] },
        ],
      ),
    );
    expect(groups.map((g) => [g.id, g.options])).toEqual([
      ["other", ["b", "c"]],
      ["g", ["a"]],
    ]);
  });

  it("shows each option once even when a broken flow lists it twice or lists an unknown value", () => {
    const groups = groupOptions(
      choice(
        ["a", "b"],
        [
          { id: "g", label: label("G"), options: ["a", "zzz", "a"] },
          { id: "h", label: label("H"), options: ["a"] },
        ],
      ),
    );
    expect(groups.map((g) => [g.id, g.options])).toEqual([
      ["g", ["a"]],
      ["other", ["b"]],
    ]);
  });

  it("puts every main complaint of the entry flow under exactly one heading, in both languages", () => {
    const question = mainComplaint(general());
    const groups = groupOptions(question);
    expect(groups.flatMap((g) => g.options).sort()).toEqual(question.options.map((o) => o.value).sort());
    expect(groups.length).toBeGreaterThanOrEqual(5);
    for (const g of groups.filter((g) => g.label)) expect(Object.keys(g.label!).sort()).toEqual(["en", "fr"]);
    expect(groups.find((g) => g.options.includes("throat_ear_sinus"))?.label?.en).toMatch(/throat/i);
  });
});

describe("the validator on option groups", () => {
  const problemsOf = (change: (q: SingleChoiceQuestion) => void) => {
    const flow = general();
    change(mainComplaint(flow));
    const result = validateFlow(flow);
    return result.ok ? [] : result.problems.map((p) => ({ code: p.code, path: p.path }));
  };

  it("accepts the shipped entry flow with its groups", () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it("reports a group that lists a value which is not an option, with where it is", () => {
    expect(problemsOf((q) => q.groups![0]!.options.push("toothache"))).toEqual([
      { code: "unknown-group-option", path: expect.stringMatching(/^nodes\[\d+\]\.groups\[0\]\.options\[\d+\]$/) },
    ]);
  });

  it("reports an option listed under two headings", () => {
    expect(problemsOf((q) => q.groups![1]!.options.push(q.groups![0]!.options[0]!)).map((p) => p.code)).toEqual(["option-in-two-groups"]);
  });

  it("reports two groups with one id", () => {
    expect(problemsOf((q) => (q.groups![1]!.id = q.groups![0]!.id)).map((p) => p.code)).toEqual(["duplicate-group-id"]);
  });

  it("reports a group label missing a language", () => {
    expect(problemsOf((q) => delete q.groups![0]!.label.en)).toEqual([{ code: "missing-translation", path: expect.stringMatching(/\.groups\[0\]\.label$/) }]);
  });
});
