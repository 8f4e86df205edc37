import type { CompiledFlow } from "../compile/compileFlow.js";
import type { AnswerValue, FlowSnapshot, ReasonRecord } from "../compile/flowContext.js";
import type { Locale, LocalizedText, OutcomeNode, Routing, ScoreNode } from "../schema/flowSchema.js";
import { isUrgency, type Urgency } from "../urgency.js";
import { describeAnswer } from "./describeAnswer.js";

/** One answer a rule read, in words, for clinicians and the audit log. */
export interface ReasonAnswer {
  id: string;
  question: LocalizedText;
  value: AnswerValue;
  display: LocalizedText;
  /** For a score: the labels of the terms that scored, so the total explains itself. */
  items?: LocalizedText[];
}

/** Why the flow decided what it decided: the rule, its text in every locale, the answers it read. */
export interface Reason {
  flow: string;
  rule: string;
  kind: ReasonRecord["kind"];
  text: LocalizedText;
  answers: ReasonAnswer[];
}

export interface TriageResult {
  urgency: Urgency;
  routing: Routing;
  outcome: string;
  redFlag?: string;
  reasons: Reason[];
}

function ruleText(compiled: CompiledFlow, record: ReasonRecord): LocalizedText | undefined {
  const { flow, nodes } = compiled;
  if (record.kind === "red_flag") return flow.redFlags.find((r) => r.id === record.rule)?.reason;
  const node = nodes.get(record.node);
  if (!node) return undefined;
  if (record.kind === "decision" && node.kind === "decision") {
    return node.rules.find((r) => r.id === record.rule)?.reason ?? (node.otherwise.id === record.rule ? node.otherwise.reason : undefined);
  }
  if (record.kind === "handover" && node.kind === "handover") return node.reason;
  if (record.kind === "branch" && "next" in node) return node.next.branches.find((b) => b.id === record.rule)?.reason;
  return undefined;
}

/** A score read by a rule: its total, followed by the labels of the terms that scored ("2: Aged 65 or over; Fainted"). */
function describeScore(node: ScoreNode, value: AnswerValue, held: readonly number[] | undefined, locales: readonly Locale[]): ReasonAnswer {
  const items = (held ?? []).flatMap((i) => (node.terms[i]?.label ? [node.terms[i]!.label!] : []));
  const display: LocalizedText = {};
  for (const locale of locales) {
    const labels = items.map((item) => item[locale]).filter((label): label is string => label !== undefined);
    // French typography puts a space before the colon and the semicolon.
    const [colon, semicolon] = locale === "fr" ? [" : ", " ; "] : [": ", "; "];
    display[locale] = labels.length === 0 ? String(value) : `${value}${colon}${labels.join(semicolon)}`;
  }
  return { id: node.id, question: node.label, value, display, ...(items.length > 0 ? { items } : {}) };
}

/** Given a flow and a snapshot, returns every explained reason recorded so far (rules without text are routing only). */
export function explainReasons(compiled: CompiledFlow, snapshot: FlowSnapshot): Reason[] {
  const reasons: Reason[] = [];
  for (const record of snapshot.context.reasons) {
    const text = ruleText(compiled, record);
    if (!text) continue;
    reasons.push({
      flow: compiled.flow.slug,
      rule: record.rule,
      kind: record.kind,
      text,
      answers: record.reads
        .filter((id) => snapshot.context.answers[id] !== undefined)
        .map((id): ReasonAnswer => {
          const node = compiled.nodes.get(id);
          const value = snapshot.context.answers[id]!;
          if (node?.kind === "score") return describeScore(node, value, snapshot.context.scored?.[id], compiled.flow.locales);
          const question = node?.kind === "question" ? node.text : { en: id };
          return { id, question, value, display: describeAnswer(node, value, compiled.flow.locales) };
        }),
    });
  }
  return reasons;
}

/** Given a finished flow's snapshot, returns `{ urgency, routing, reasons }`, or undefined if it has not ended at an outcome. */
export function evaluateResult(compiled: CompiledFlow, snapshot: FlowSnapshot): TriageResult | undefined {
  const outcomeId = snapshot.context.outcome;
  if (!outcomeId) return undefined;
  const outcome = compiled.nodes.get(outcomeId) as OutcomeNode | undefined;
  if (!outcome || !isUrgency(outcome.urgency)) return undefined;
  return {
    urgency: outcome.urgency,
    routing: outcome.routing,
    outcome: outcome.id,
    ...(snapshot.context.redFlag ? { redFlag: snapshot.context.redFlag } : {}),
    reasons: explainReasons(compiled, snapshot),
  };
}
