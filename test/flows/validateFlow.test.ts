import { describe, expect, it } from "vitest";
import { generateFlow } from "../../bench/generateFlow.js";
import type { Branch, Flow, FlowNode, Question } from "../../flows/schema/flowSchema.js";
import { PROBLEM_CODES, validateFlow, validateLibrary, type Problem, type ProblemCode } from "../../flows/validate/index.js";
import { outcomeNode, t } from "../fixtures/buildFlow.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";

/** A copy of tinyFlow changed by `change`. */
function edit(change: (flow: Flow) => void): Flow {
  const flow = structuredClone(tinyFlow());
  change(flow);
  return flow;
}

function node<K extends FlowNode["kind"]>(flow: Flow, id: string, kind: K): Extract<FlowNode, { kind: K }> {
  const found = flow.nodes.find((n) => n.id === id);
  if (found?.kind !== kind) throw new Error(`tinyFlow has no ${kind} ${id}`);
  return found as Extract<FlowNode, { kind: K }>;
}

function question<T extends Question["type"]>(flow: Flow, id: string, type: T): Extract<Question, { type: T }> {
  const found = node(flow, id, "question");
  if (found.type !== type) throw new Error(`tinyFlow's ${id} is not a ${type} question`);
  return found as Extract<Question, { type: T }>;
}

const info = (id: string, next: { branches?: Branch[]; default?: string }): FlowNode => ({
  id,
  kind: "info",
  text: { fr: id, en: id },
  next: { branches: [], ...next },
});

/** Sends tinyFlow's intro also to `to` when a (satisfiable) condition holds. */
function detourFromIntro(flow: Flow, to: string): void {
  node(flow, "intro", "info").next.branches.push({ id: "detour", when: { "==": [1, 1] }, to });
}

function problemsOf(json: unknown, externalAnswers?: string[]): Problem[] {
  const result = validateFlow(json, { externalAnswers });
  return result.ok ? [] : result.problems;
}

describe("validateFlow", () => {
  it("accepts the tiny flow and returns it parsed", () => {
    const result = validateFlow(tinyFlow());
    expect(result).toMatchObject({ ok: true, flow: { slug: "tiny", version: 1 } });
  });

  it("accepts the generated 500-node flow without a single problem", () => {
    expect(problemsOf(generateFlow(500))).toEqual([]);
  });

  it("counts an outcome that only a red flag leads to as reachable", () => {
    // tinyFlow's `emergency` outcome is reached only by the cyanosis red flag.
    expect(problemsOf(tinyFlow()).filter((p) => p.node === "emergency")).toEqual([]);
  });

  it("reports one schema problem per zod issue, with its JSON path and the node id", () => {
    const json = structuredClone(tinyFlow()) as unknown as { start?: unknown; nodes: Record<string, unknown>[] };
    json.nodes[6]!.routing = "ambulance";
    delete json.start;
    const problems = problemsOf(json);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.objectContaining({ code: "schema-invalid", node: "emergency", path: "nodes[6].routing" }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "schema-invalid", path: "start" }));
    expect(problems.find((p) => p.node === "emergency")?.message).toMatch(/^node emergency: nodes\[6\]\.routing: /);
  });

  type Case = { name: string; flow: () => unknown; expected: { code: ProblemCode; node?: string; rule?: string; path?: string; says: RegExp } };
  const cases: Case[] = [
    {
      name: "a node id used twice",
      flow: () => edit((f) => f.nodes.push(info("pain", { default: "soon" }))),
      expected: { code: "duplicate-node-id", node: "pain", path: "nodes[10].id", says: /"pain" is used by more than one node/ },
    },
    {
      name: "a start that names no node",
      flow: () => edit((f) => (f.start = "welcome")),
      expected: { code: "unknown-start", path: "start", says: /start names "welcome", which is no node/ },
    },
    {
      name: "a branch going to an unknown node",
      flow: () => edit((f) => node(f, "intro", "info").next.branches.push({ id: "to_nowhere", when: true, to: "nowhere" })),
      expected: {
        code: "unknown-node-reference",
        node: "intro",
        rule: "to_nowhere",
        path: "nodes[0].next.branches[0].to",
        says: /branch to_nowhere of info intro goes to "nowhere"/,
      },
    },
    {
      name: "a next.default going to an unknown node",
      flow: () => edit((f) => (question(f, "age", "number").next.default = "nowhere")),
      expected: { code: "unknown-node-reference", node: "age", path: "nodes[1].next.default", says: /next\.default of number question age goes to "nowhere"/ },
    },
    {
      name: "a decision rule leading to an unknown outcome",
      flow: () => edit((f) => (node(f, "decide", "decision").rules[0]!.outcome = "later")),
      expected: { code: "unknown-node-reference", node: "decide", rule: "high_score", says: /rule high_score of decision decide goes to "later"/ },
    },
    {
      name: "a decision's otherwise leading to an unknown outcome",
      flow: () => edit((f) => (node(f, "decide", "decision").otherwise.outcome = "later")),
      expected: {
        code: "unknown-node-reference",
        node: "decide",
        rule: "nothing_worrying",
        path: "nodes[5].otherwise.outcome",
        says: /otherwise \(nothing_worrying\) of decision decide/,
      },
    },
    {
      name: "a red flag leading to an unknown outcome",
      flow: () => edit((f) => (f.redFlags[0]!.outcome = "ambulance")),
      expected: { code: "unknown-node-reference", rule: "cyanosis", path: "redFlags[0].outcome", says: /red flag cyanosis goes to "ambulance"/ },
    },
    {
      name: "a red flag leading to a node that is not an outcome",
      flow: () => edit((f) => (f.redFlags[0]!.outcome = "pain")),
      expected: { code: "not-an-outcome", rule: "cyanosis", says: /red flag cyanosis must lead to an outcome, but "pain" is a question node/ },
    },
    {
      name: "a decision rule leading to a node that is not an outcome",
      flow: () => edit((f) => (node(f, "decide", "decision").rules[1]!.outcome = "intro")),
      expected: { code: "not-an-outcome", node: "decide", rule: "elderly", says: /must lead to an outcome, but "intro" is a info node/ },
    },
    {
      name: "a condition reading an answer the flow never asks",
      flow: () => edit((f) => (node(f, "decide", "decision").rules[0]!.when = { ">=": [{ var: "scor" }, 2] })),
      expected: {
        code: "unknown-answer-reference",
        node: "decide",
        rule: "high_score",
        path: "nodes[5].rules[0].when",
        says: /reads "scor", which is no question or score/,
      },
    },
    {
      name: "a red flag reading an answer the flow never asks",
      flow: () => edit((f) => (f.redFlags[0]!.when = { ">": [{ var: "temperature.value" }, 40] })),
      expected: { code: "unknown-answer-reference", rule: "cyanosis", says: /red flag cyanosis reads "temperature"/ },
    },
    {
      name: "a condition reading an information node as if it were an answer",
      flow: () => edit((f) => (node(f, "score", "score").terms[0]!.when = { "!!": { var: "intro" } })),
      expected: { code: "unknown-answer-reference", node: "score", path: "nodes[4].terms[0].when", says: /term 1 of score score reads "intro"/ },
    },
    {
      name: "a handover carrying an answer the flow never asks",
      flow: () =>
        edit((f) => {
          f.nodes.push({ id: "to_fever", kind: "handover", flow: "fever", carry: ["age", "temperature"] });
          detourFromIntro(f, "to_fever");
        }),
      expected: { code: "unknown-answer-reference", node: "to_fever", path: "nodes[10].carry[1]", says: /handover to_fever carries "temperature"/ },
    },
    {
      name: "a red flag testing membership of a value that is not an option",
      flow: () => edit((f) => (f.redFlags[0]!.when = { in: ["blue_lip", { var: "symptoms" }] })),
      expected: {
        code: "unknown-option-reference",
        rule: "cyanosis",
        says: /compares "symptoms" with "blue_lip", which is not one of its options \(cough, blue_lips, none\)/,
      },
    },
    {
      name: "an equality between a choice answer and a value that is not an option",
      flow: () =>
        edit((f) =>
          question(f, "symptoms", "multiple_choice").next.branches.push({
            id: "wheezing",
            when: { some: [{ var: "symptoms" }, { "==": [{ var: "" }, "wheeze"] }] },
            to: "pain",
          }),
        ),
      expected: { code: "unknown-option-reference", node: "symptoms", rule: "wheezing", says: /compares "symptoms" with "wheeze"/ },
    },
    {
      name: "an operator JSON Logic does not have",
      flow: () => edit((f) => (node(f, "score", "score").terms[1]!.when = { regex: [{ var: "age" }, "^6"] })),
      expected: { code: "unknown-operator", node: "score", path: "nodes[4].terms[1].when", says: /uses the operator "regex"/ },
    },
    {
      name: "json-logic-js's method calls, which the validator refuses",
      flow: () => edit((f) => (f.redFlags[0]!.when = { method: [{ var: "symptoms" }, "includes", ["blue_lips"]] })),
      expected: { code: "unknown-operator", rule: "cyanosis", says: /"method"/ },
    },
    {
      name: "a node no path reaches",
      flow: () => edit((f) => f.nodes.push(info("orphan", { default: "soon" }))),
      expected: { code: "unreachable-node", node: "orphan", path: "nodes[10]", says: /info orphan is unreachable: no path from start \(intro\)/ },
    },
    {
      name: "a question with no next at all",
      flow: () => edit((f) => (question(f, "pain", "scale").next = { branches: [] })),
      expected: { code: "dead-end", node: "pain", path: "nodes[3].next", says: /scale question pain has no next\.default: it has no branches either/ },
    },
    {
      name: "a question whose branches may all fail, with no default",
      flow: () => edit((f) => (question(f, "pain", "scale").next = { branches: [{ id: "severe", when: { ">=": [{ var: "pain" }, 8] }, to: "soon" }] })),
      expected: { code: "dead-end", node: "pain", says: /when none of its branches \(severe\) holds, the patient is stuck/ },
    },
    {
      name: "a path into a part of the flow that cannot reach an outcome",
      flow: () =>
        edit((f) => {
          f.nodes.push(info("detour", { default: "stuck" }), info("stuck", {}));
          detourFromIntro(f, "detour");
        }),
      expected: { code: "no-outcome-reachable", node: "detour", says: /from info detour no path reaches an outcome or a handover: every way on ends at stuck/ },
    },
    {
      name: "a cycle no path leaves",
      flow: () =>
        edit((f) => {
          f.nodes.push(info("loop_a", { default: "loop_b" }), info("loop_b", { default: "loop_a" }));
          detourFromIntro(f, "loop_a");
        }),
      expected: { code: "non-terminating-cycle", node: "loop_a", says: /nodes loop_a, loop_b form a cycle that no path leaves/ },
    },
    {
      name: "a cycle through questions that only a red flag could leave",
      flow: () =>
        edit((f) => {
          question(f, "pain", "scale").next = { branches: [], default: "symptoms" };
        }),
      expected: { code: "non-terminating-cycle", node: "pain", says: /nodes pain, symptoms form a cycle/ },
    },
    {
      name: "an outcome without safety-netting",
      flow: () => edit((f) => delete node(f, "soon", "outcome").safetyNet),
      expected: { code: "missing-safety-net", node: "soon", says: /outcome soon has no safetyNet text/ },
    },
    {
      name: "an urgency that is not on the scale",
      flow: () => edit((f) => (node(f, "routine", "outcome").urgency = "LATER")),
      expected: {
        code: "invalid-urgency",
        node: "routine",
        path: "nodes[8].urgency",
        says: /urgency "LATER", which is not one of EMERGENCY, URGENT, SOON, ROUTINE, SELF_CARE/,
      },
    },
    {
      name: "a number question whose min is above its max",
      flow: () => edit((f) => (question(f, "age", "number").min = 130)),
      expected: { code: "invalid-number-range", node: "age", says: /number question age has min 130 greater than max 120/ },
    },
    {
      name: "a noneOption that is not an option",
      flow: () => edit((f) => (question(f, "symptoms", "multiple_choice").noneOption = "nothing")),
      expected: { code: "unknown-none-option", node: "symptoms", says: /noneOption "nothing", which is not one of its options/ },
    },
    {
      name: "two options with the same value",
      flow: () => edit((f) => question(f, "symptoms", "multiple_choice").options.push({ value: "cough", label: { fr: "Toux sèche", en: "Dry cough" } })),
      expected: { code: "duplicate-option-value", node: "symptoms", path: "nodes[2].options[3].value", says: /more than one option with the value "cough"/ },
    },
    {
      name: "a handover to the flow itself",
      flow: () =>
        edit((f) => {
          f.nodes.push({ id: "again", kind: "handover", flow: "tiny", carry: [] });
          detourFromIntro(f, "again");
        }),
      expected: { code: "self-handover", node: "again", says: /handover again hands over to its own flow "tiny"/ },
    },
  ];

  it.each(cases)("reports $name", ({ flow, expected }) => {
    const { says, ...fields } = expected;
    const found = problemsOf(flow()).filter((p) => p.code === expected.code);
    expect(found).toContainEqual(expect.objectContaining(fields));
    const match = found.find((p) => Object.entries(fields).every(([k, v]) => p[k as keyof Problem] === v))!;
    expect(match.message).toMatch(says);
    // One clear sentence that names what is wrong: the node, else the rule, else the field.
    expect(match.message).toContain(expected.node ?? expected.rule ?? expected.path ?? "");
  });

  type TranslationCase = { field: string; remove: (f: Flow) => void; node?: string; path: string };
  const translations: TranslationCase[] = [
    { field: "text", node: "pain", path: "nodes[3].text", remove: (f) => delete question(f, "pain", "scale").text.en },
    { field: "help", node: "pain", path: "nodes[3].help", remove: (f) => (question(f, "pain", "scale").help = { fr: "De 0 à 10" }) },
    {
      field: "label of option cough",
      node: "symptoms",
      path: "nodes[2].options[0].label",
      remove: (f) => delete question(f, "symptoms", "multiple_choice").options[0]!.label.en,
    },
    { field: "unit label", node: "age", path: "nodes[1].unit.label", remove: (f) => delete question(f, "age", "number").unit.label.fr },
    { field: "lowLabel", node: "pain", path: "nodes[3].lowLabel", remove: (f) => delete question(f, "pain", "scale").lowLabel.en },
    { field: "highLabel", node: "pain", path: "nodes[3].highLabel", remove: (f) => delete question(f, "pain", "scale").highLabel.fr },
    { field: "text", node: "intro", path: "nodes[0].text", remove: (f) => delete node(f, "intro", "info").text.en },
    { field: "label", node: "score", path: "nodes[4].label", remove: (f) => delete node(f, "score", "score").label.en },
    { field: "title", node: "soon", path: "nodes[7].title", remove: (f) => delete node(f, "soon", "outcome").title.en },
    { field: "advice", node: "soon", path: "nodes[7].advice", remove: (f) => delete node(f, "soon", "outcome").advice.fr },
    { field: "safetyNet", node: "soon", path: "nodes[7].safetyNet", remove: (f) => delete node(f, "soon", "outcome").safetyNet!.en },
    {
      field: "reason of rule high_score",
      node: "decide",
      path: "nodes[5].rules[0].reason",
      remove: (f) => delete node(f, "decide", "decision").rules[0]!.reason.en,
    },
    { field: "reason of red flag cyanosis", path: "redFlags[0].reason", remove: (f) => delete f.redFlags[0]!.reason.en },
    {
      field: "reason of branch older",
      node: "age",
      path: "nodes[1].next.branches[0].reason",
      remove: (f) =>
        question(f, "age", "number").next.branches.push({ id: "older", when: { ">": [{ var: "age" }, 80] }, to: "routine", reason: { fr: "Plus de 80 ans" } }),
    },
    { field: "the flow's title", path: "title", remove: (f) => delete f.title.fr },
  ];

  it.each(translations)("reports a missing translation of $field, naming the node and the field", ({ field, remove, node: nodeId, path }) => {
    const found = problemsOf(edit(remove)).filter((p) => p.code === "missing-translation");
    expect(found).toEqual([expect.objectContaining({ path, ...(nodeId ? { node: nodeId } : {}) })]);
    expect(found[0]!.message).toContain(field);
    if (nodeId) expect(found[0]!.message).toContain(`node ${nodeId}`);
  });

  it("says which locale is missing", () => {
    const [found] = problemsOf(edit((f) => delete question(f, "pain", "scale").text.en));
    expect(found?.message).toBe('text of node pain has no "en" translation');
  });

  it("accepts a free-text red flag using the mentions operator", () => {
    const flow = edit((f) => {
      f.nodes.push({
        id: "notes",
        kind: "question",
        type: "free_text",
        text: { fr: "Autre chose ?", en: "Anything else?" },
        maxLength: 500,
        optional: false,
        next: { branches: [], default: "pain" },
      });
      question(f, "symptoms", "multiple_choice").next.default = "notes";
      f.redFlags.push({
        id: "suicidal",
        when: { mentions: [{ var: "notes" }, ["suicide"]] },
        outcome: "emergency",
        reason: { fr: "Idées suicidaires", en: "Suicidal thoughts" },
      });
    });
    expect(problemsOf(flow)).toEqual([]);
  });

  it("accepts conditions on answers carried in from another flow when told about them", () => {
    const flow = edit((f) => (f.redFlags[0]!.when = { ">": [{ var: "temperature" }, 40] }));
    expect(problemsOf(flow).map((p) => p.code)).toEqual(["unknown-answer-reference"]);
    expect(problemsOf(flow, ["temperature"])).toEqual([]);
  });

  it("still checks paths when a reference is broken, treating the missing node as an end", () => {
    const flow = edit((f) => {
      question(f, "age", "number").next.default = "nowhere";
      f.nodes.push(info("orphan", { default: "soon" }));
    });
    const codes = problemsOf(flow).map((p) => `${p.code} ${p.node}`);
    expect(codes).toContain("unknown-node-reference age");
    expect(codes).toContain("unreachable-node orphan");
    expect(codes).not.toContain("no-outcome-reachable age");
  });

  it("names nodes, never the machine's internal route states", () => {
    const flow = edit((f) => {
      question(f, "pain", "scale").next = { branches: [], default: "symptoms" };
      f.nodes.push(info("orphan", {}));
    });
    const problems = problemsOf(flow);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(`${p.node} ${p.message}`).not.toContain(":route");
  });

  it("uses only documented problem codes", () => {
    const all = cases.flatMap((c) => problemsOf(c.flow()));
    for (const p of all) expect(PROBLEM_CODES).toContain(p.code);
  });
});

describe("validateLibrary", () => {
  /** A second flow that hands tinyFlow's age over to `fever`, which reads it. */
  const fever = (): Flow =>
    edit((f) => {
      f.slug = "fever";
      f.start = "temperature";
      f.nodes = [
        {
          id: "temperature",
          kind: "question",
          type: "number",
          text: { fr: "Température ?", en: "Temperature?" },
          unit: { symbol: "°C", label: { fr: "degrés", en: "degrees" } },
          min: 34,
          max: 43,
          integer: false,
          next: {
            branches: [{ id: "old_and_hot", when: { and: [{ ">=": [{ var: "age" }, 65] }, { ">=": [{ var: "temperature" }, 39] }] }, to: "see_today" }],
            default: "rest",
          },
        },
        outcomeNode("see_today", "SOON", { title: t("Aujourd'hui", "Today"), advice: t("Consultez", "See someone"), safetyNet: t("Rappelez", "Call back") }),
        outcomeNode("rest", "SELF_CARE", { title: t("Repos", "Rest"), advice: t("Reposez-vous", "Rest"), safetyNet: t("Rappelez", "Call back") }),
      ];
      f.redFlags = [];
    });
  const handingOver = (target: string): Flow =>
    edit((f) => {
      f.nodes.push({ id: "to_fever", kind: "handover", flow: target, carry: ["age"] });
      detourFromIntro(f, "to_fever");
    });

  it("accepts a handover whose target reads the answers carried into it", () => {
    const result = validateLibrary([handingOver("fever"), fever()]);
    expect(result.flows.map((f) => f.problems)).toEqual([[], []]);
    expect(result.ok).toBe(true);
  });

  it("rejects the same target alone, since nothing carries the answer it reads", () => {
    expect(problemsOf(fever())).toEqual([expect.objectContaining({ code: "unknown-answer-reference", rule: "old_and_hot" })]);
  });

  it("reports a handover to a flow the library does not hold", () => {
    const result = validateLibrary([handingOver("fevre"), fever()]);
    expect(result.ok).toBe(false);
    expect(result.flows[0]).toEqual({
      slug: "tiny",
      version: 1,
      problems: [
        expect.objectContaining({
          code: "unknown-flow",
          node: "to_fever",
          path: "nodes[10].flow",
          message: 'handover to_fever hands over to flow "fevre", which is not in the library',
        }),
      ],
    });
  });
});
