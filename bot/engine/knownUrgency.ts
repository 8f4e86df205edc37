import {
  evaluateCondition,
  isAtLeastAsUrgent,
  isUrgency,
  mostUrgent,
  sessionAnswers,
  sessionResult,
  type CompiledFlow,
  type FlowResolver,
  type LocalizedText,
  type SessionState,
  type Urgency,
} from "../../flows/index.js";

/** A flow rule that already holds on the answers given so far. */
export interface HoldingRule {
  flow: string;
  rule: string;
  kind: "red_flag" | "decision";
  urgency: Urgency;
  reason: LocalizedText;
}

export interface KnownUrgency {
  urgency: Urgency;
  /**
   * outcome: the session has one; rules: rules that already hold justify this level;
   * incomplete: the holding rules only justify a less urgent level, which later answers could
   * still raise, so the safe default applies; nothing_known: no rule holds yet, safe default.
   */
  basis: "outcome" | "rules" | "incomplete" | "nothing_known";
  rules: HoldingRule[];
}

/** Without an outcome, a case never opens below this level: under-triage is the worst error. */
export const SAFE_DEFAULT_URGENCY: Urgency = "URGENT";

/**
 * Given the flows and a session's state, returns the urgency known so far: the outcome's once
 * there is one; otherwise the most urgent level that rules already holding (red flags, decision
 * rules) justify, never below URGENT while the triage is incomplete.
 */
export function knownUrgency(resolver: FlowResolver, state: SessionState): KnownUrgency {
  const result = sessionResult(resolver, state);
  if (result) return { urgency: result.urgency, basis: "outcome", rules: [] };
  const answers = sessionAnswers(state);
  const rules = state.frames.flatMap((frame) => {
    const compiled = resolver.exact(frame.slug, frame.version);
    return compiled ? holdingRules(compiled, answers) : [];
  });
  const justified = mostUrgent(rules.map((r) => r.urgency));
  if (justified === undefined) return { urgency: SAFE_DEFAULT_URGENCY, basis: "nothing_known", rules };
  if (!isAtLeastAsUrgent(justified, SAFE_DEFAULT_URGENCY)) return { urgency: SAFE_DEFAULT_URGENCY, basis: "incomplete", rules };
  return { urgency: justified, basis: "rules", rules: rules.filter((r) => r.urgency === justified) };
}

function holdingRules(compiled: CompiledFlow, answers: Record<string, unknown>): HoldingRule[] {
  const { flow, nodes } = compiled;
  const urgencyOf = (outcomeId: string): Urgency | undefined => {
    const node = nodes.get(outcomeId);
    return node?.kind === "outcome" && isUrgency(node.urgency) ? node.urgency : undefined;
  };
  const found: HoldingRule[] = [];
  for (const flag of flow.redFlags) {
    const urgency = urgencyOf(flag.outcome);
    if (urgency && evaluateCondition(flag.when, answers)) found.push({ flow: flow.slug, rule: flag.id, kind: "red_flag", urgency, reason: flag.reason });
  }
  for (const node of flow.nodes) {
    if (node.kind !== "decision") continue;
    for (const rule of node.rules) {
      const urgency = urgencyOf(rule.outcome);
      if (urgency && evaluateCondition(rule.when, answers)) found.push({ flow: flow.slug, rule: rule.id, kind: "decision", urgency, reason: rule.reason });
    }
  }
  return found;
}
