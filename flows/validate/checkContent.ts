import type { FlowNode, LocalizedText } from "../schema/flowSchema.js";
import { URGENCY_LEVELS, isUrgency } from "../urgency.js";
import { describeNode, nodePath, type FlowIndex } from "./flowIndex.js";
import { problem, type Problem } from "./problem.js";

/** A text field of the flow: its name as messages say it, its JSON path, and the node or rule it belongs to. */
interface TextField {
  text: LocalizedText | undefined;
  field: string;
  path: string;
  node?: string;
  rule?: string;
}

/** Every LocalizedText of a node, with the field's name (`text`, `options[cough].label`...). */
function nodeTexts(node: FlowNode, at: string): TextField[] {
  const f = (text: LocalizedText | undefined, field: string, path: string, rule?: string): TextField => ({
    text,
    field,
    path: `${at}.${path}`,
    node: node.id,
    rule,
  });
  const fields: TextField[] = [];
  switch (node.kind) {
    case "question":
      fields.push(f(node.text, "text", "text"), f(node.help, "help", "help"));
      if (node.type === "single_choice" || node.type === "multiple_choice") {
        node.options.forEach((o, j) => fields.push(f(o.label, `label of option ${o.value}`, `options[${j}].label`)));
      }
      if (node.type === "single_choice") node.groups?.forEach((g, j) => fields.push(f(g.label, `label of group ${g.id}`, `groups[${j}].label`)));
      if (node.type === "number") fields.push(f(node.unit.label, "unit label", "unit.label"));
      if (node.type === "scale") fields.push(f(node.lowLabel, "lowLabel", "lowLabel"), f(node.highLabel, "highLabel", "highLabel"));
      break;
    case "info":
      fields.push(f(node.text, "text", "text"));
      break;
    case "score":
      fields.push(f(node.label, "label", "label"));
      node.terms.forEach((t, j) => fields.push(f(t.label, `label of term ${j + 1}`, `terms[${j}].label`)));
      break;
    case "decision":
      node.rules.forEach((r, j) => fields.push(f(r.reason, `reason of rule ${r.id}`, `rules[${j}].reason`, r.id)));
      fields.push(f(node.otherwise.reason, `reason of otherwise (${node.otherwise.id})`, "otherwise.reason", node.otherwise.id));
      break;
    case "outcome":
      fields.push(f(node.title, "title", "title"), f(node.advice, "advice", "advice"), f(node.safetyNet, "safetyNet", "safetyNet"));
      break;
    case "handover":
      fields.push(f(node.reason, "reason", "reason"));
      break;
  }
  if ("next" in node) {
    node.next.branches.forEach((b, j) => fields.push(f(b.reason, `reason of branch ${b.id}`, `next.branches[${j}].reason`, b.id)));
  }
  return fields;
}

function allTexts(index: FlowIndex): TextField[] {
  const { flow } = index;
  const fields: TextField[] = [
    { text: flow.title, field: "the flow's title", path: "title" },
    { text: flow.description, field: "the flow's description", path: "description" },
  ];
  for (const level of URGENCY_LEVELS) {
    const label = flow.urgencyLabels?.[level];
    if (label) fields.push({ text: label, field: `the label of urgency ${level}`, path: `urgencyLabels.${level}` });
  }
  flow.nodes.forEach((node, i) => fields.push(...nodeTexts(node, `nodes[${i}]`)));
  flow.redFlags.forEach((rf, k) => fields.push({ text: rf.reason, field: `reason of red flag ${rf.id}`, path: `redFlags[${k}].reason`, rule: rf.id }));
  return fields;
}

/** Every present text must exist in every locale the flow declares (an absent optional text is fine). */
function checkTranslations(index: FlowIndex): Problem[] {
  const problems: Problem[] = [];
  for (const { text, field, path, node, rule } of allTexts(index)) {
    if (!text) continue;
    const missing = index.flow.locales.filter((locale) => text[locale] === undefined);
    if (missing.length === 0) continue;
    const owner = node !== undefined ? ` of node ${node}` : "";
    const langs = missing.map((l) => `"${l}"`).join(" and ");
    problems.push(problem("missing-translation", `${field}${owner} has no ${langs} translation`, { node, rule, path }));
  }
  return problems;
}

/** Outcomes (safety-net, urgency), number ranges, options, and nodes with nowhere to go by default. */
function checkNodes(index: FlowIndex): Problem[] {
  const problems: Problem[] = [];
  for (const node of index.flow.nodes) {
    const at = (rest: string) => ({ node: node.id, path: nodePath(index, node.id, rest) });
    if (node.kind === "outcome") {
      if (!node.safetyNet) {
        problems.push(
          problem("missing-safety-net", `outcome ${node.id} has no safetyNet text: every outcome tells the patient when to seek help again`, at("")),
        );
      }
      if (!isUrgency(node.urgency)) {
        problems.push(
          problem("invalid-urgency", `outcome ${node.id} has urgency "${node.urgency}", which is not one of ${URGENCY_LEVELS.join(", ")}`, at(".urgency")),
        );
      }
    }
    if (node.kind === "question" && node.type === "number" && node.min > node.max) {
      problems.push(problem("invalid-number-range", `number question ${node.id} has min ${node.min} greater than max ${node.max}`, at(".min")));
    }
    if (node.kind === "question" && (node.type === "single_choice" || node.type === "multiple_choice")) {
      const seen = new Set<string>();
      node.options.forEach((o, j) => {
        if (seen.has(o.value))
          problems.push(
            problem("duplicate-option-value", `question ${node.id} has more than one option with the value "${o.value}"`, at(`.options[${j}].value`)),
          );
        seen.add(o.value);
      });
      if (node.type === "multiple_choice" && node.noneOption !== undefined && !seen.has(node.noneOption)) {
        problems.push(
          problem(
            "unknown-none-option",
            `question ${node.id} has noneOption "${node.noneOption}", which is not one of its options (${[...seen].join(", ")})`,
            at(".noneOption"),
          ),
        );
      }
    }
    if ((node.kind === "question" || node.kind === "info" || node.kind === "score") && node.next.default === undefined) {
      const why =
        node.next.branches.length === 0
          ? "it has no branches either, so the flow stops there without an outcome"
          : `when none of its branches (${node.next.branches.map((b) => b.id).join(", ")}) holds, the patient is stuck there`;
      problems.push(problem("dead-end", `${describeNode(node)} has no next.default: ${why}`, at(".next")));
    }
  }
  return problems;
}

/** Content checks that need no graph: translations, outcomes, ranges, options, dead ends. */
export function checkContent(index: FlowIndex): Problem[] {
  return [...checkTranslations(index), ...checkNodes(index)];
}
