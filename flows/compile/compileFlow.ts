import { assign, setup } from "xstate";
import { variablesOf } from "../logic/evaluateCondition.js";
import { evaluateTruth } from "../logic/evaluateTruth.js";
import type { Condition, Flow, FlowNode, Next, OutcomeNode } from "../schema/flowSchema.js";
import { isUrgency, urgencyRank } from "../urgency.js";
import type { AnswerValue, FlowContext, FlowEvent, ReasonRecord } from "./flowContext.js";
import { holdsIn, skippedIds, unknownIds } from "./holdsIn.js";

/** A flow ready to run: the data, its nodes by id, and the XState machine compiled from it. */
export interface CompiledFlow {
  flow: Flow;
  nodes: ReadonlyMap<string, FlowNode>;
  machine: TriageMachine;
  /** Whether the runner skips questions that cannot change the outcome (flows/run/questionEconomy.ts). */
  economy: boolean;
}

/** The state that follows a question: red flags first, then the question's own branches. */
export const routeStateOf = (nodeId: string) => `${nodeId}:route`;

type Rule = { rule: string; kind: ReasonRecord["kind"]; node: string; condition: Condition; takeIfUnknown?: boolean };

const reasonFor = (rule: Rule): ReasonRecord => ({
  rule: rule.rule,
  kind: rule.kind,
  node: rule.node,
  reads: [...variablesOf(rule.condition)],
});

/**
 * Named guards and actions: the machine config refers to them by name with JSON params, so the
 * config stays serialisable and every decision is computed from data (no closures over nodes).
 */
const triageSetup = setup({
  types: {
    context: {} as FlowContext,
    events: {} as FlowEvent,
    input: {} as { carried?: Record<string, AnswerValue> },
  },
  guards: {
    isOtherQuestion: ({ event }, params: { question: string }) => event.question !== params.question,
    isAnswered: ({ context }, params: { question: string }) => context.answers[params.question] !== undefined,
    holds: ({ context }, params: Rule) => holdsIn(context, params.condition, params.takeIfUnknown ?? true),
    decided: ({ context }, params: { outcome: string }) => context.decided === params.outcome,
  },
  actions: {
    enter: assign(({ context }, params: { node: string; skippable: boolean }) =>
      params.skippable && context.answers[params.node] !== undefined ? {} : { trail: [...context.trail, params.node] },
    ),
    recordAnswer: assign(({ context, event }) =>
      event.type === "ANSWER" ? { answers: { ...context.answers, [event.question]: event.value }, answered: [...context.answered, event.question] } : {},
    ),
    // The question was entered but never shown: it leaves the trail (what the patient saw).
    recordSkip: assign(({ context, event }) =>
      event.type === "SKIP"
        ? {
            skipped: [...(context.skipped ?? []), { id: event.question, reason: event.reason }],
            trail: context.trail.at(-1) === event.question ? context.trail.slice(0, -1) : context.trail,
          }
        : {},
    ),
    recordRule: assign(({ context }, params: Rule) => ({ reasons: [...context.reasons, reasonFor(params)] })),
    // Every red flag that holds is a reason; the winner (most urgent, tried first) decides the outcome.
    recordRedFlags: assign(({ context }, params: { winner: string; flags: Rule[] }) => ({
      redFlag: params.winner,
      reasons: [...context.reasons, ...params.flags.filter((f) => holdsIn(context, f.condition)).map(reasonFor)],
    })),
    computeScore: assign(({ context }, params: { node: string; terms: { when: Condition; points: number }[] }) => {
      const truths = params.terms.map((t) => evaluateTruth(t.when, context.answers, unknownIds(context)));
      // A term that depends on a skipped question leaves the total unknown: never a guessed score.
      const skipped = skippedIds(context);
      if (truths.some((t, i) => t === "unknown" && variablesOf(params.terms[i]!.when).some((id) => skipped.has(id)))) {
        return { skipped: [...(context.skipped ?? []), { id: params.node, reason: "reads_skipped" as const }] };
      }
      // A term that depends only on a "don't know" counts when it adds points: the higher score, as for red flags.
      const held = truths.flatMap((t, i) => (t === "yes" || (t === "unknown" && params.terms[i]!.points > 0) ? [i] : []));
      const total = held.reduce((sum, i) => sum + params.terms[i]!.points, 0);
      return { answers: { ...context.answers, [params.node]: total }, scored: { ...context.scored, [params.node]: held } };
    }),
    decide: assign(
      (
        { context },
        params: { node: string; rules: { rule: string; condition: Condition; outcome: string; rank: number }[]; otherwise: { rule: string; outcome: string } },
      ) => {
        const fired = params.rules.filter((r) => holdsIn(context, r.condition));
        if (fired.length === 0) {
          const reason: ReasonRecord = { rule: params.otherwise.rule, kind: "decision", node: params.node, reads: [] };
          return { decided: params.otherwise.outcome, reasons: [...context.reasons, reason] };
        }
        // The most urgent outcome wins; every rule that fired is kept as a reason.
        const winner = fired.reduce((best, r) => (r.rank < best.rank ? r : best));
        const reasons = fired.map((r): ReasonRecord => ({
          rule: r.rule,
          kind: "decision",
          node: params.node,
          reads: [...variablesOf(r.condition)],
        }));
        return { decided: winner.outcome, reasons: [...context.reasons, ...reasons] };
      },
    ),
    reachOutcome: assign((_, params: { node: string }) => ({ outcome: params.node })),
    handOver: assign(({ context }, params: { flow: string; carry: string[]; rule: string; node: string }) => {
      const carry: Record<string, AnswerValue> = {};
      for (const id of params.carry) {
        const value = context.answers[id];
        if (value !== undefined) carry[id] = value;
      }
      const reason: ReasonRecord = { rule: params.rule, kind: "handover", node: params.node, reads: Object.keys(carry) };
      return { handover: { flow: params.flow, carry }, reasons: [...context.reasons, reason] };
    }),
  },
});

function branchTransitions(nodeId: string, next: Next, mostUrgent: ReadonlyMap<string, number>) {
  const rankOf = (id: string | undefined) => (id === undefined ? Number.MAX_SAFE_INTEGER : (mostUrgent.get(id) ?? Number.MAX_SAFE_INTEGER));
  const transitions: object[] = next.branches.map((b, i) => {
    // With a "don't know" in its condition, a branch is taken when its side can reach outcomes at least as urgent as the other.
    const otherSide = Math.min(...next.branches.slice(i + 1).map((o) => rankOf(o.to)), rankOf(next.default));
    const rule: Rule = { rule: b.id, kind: "branch", node: nodeId, condition: b.when, takeIfUnknown: rankOf(b.to) <= otherSide };
    return { guard: { type: "holds", params: rule }, target: b.to, actions: { type: "recordRule", params: rule } };
  });
  if (next.default) transitions.push({ target: next.default });
  return transitions;
}

function outcomeRank(flow: Flow, outcomeId: string): number {
  const node = flow.nodes.find((n): n is OutcomeNode => n.id === outcomeId && n.kind === "outcome");
  return node && isUrgency(node.urgency) ? urgencyRank(node.urgency) : Number.MAX_SAFE_INTEGER;
}

/**
 * For every node, the rank of the most urgent outcome reachable from it (any branch, any rule; a
 * handover counts as the most urgent, since the next flow may reach any level).
 */
function mostUrgentFrom(flow: Flow): Map<string, number> {
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, number>();
  const visit = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, Number.MAX_SAFE_INTEGER); // a cycle (the validator rejects them) adds nothing
    const node = nodes.get(id);
    let rank = Number.MAX_SAFE_INTEGER;
    if (node?.kind === "outcome") rank = outcomeRank(flow, node.id);
    else if (node?.kind === "handover") rank = 0;
    else if (node?.kind === "decision") rank = Math.min(...node.rules.map((r) => visit(r.outcome)), visit(node.otherwise.outcome));
    else if (node && "next" in node) rank = Math.min(...node.next.branches.map((b) => visit(b.to)), node.next.default ? visit(node.next.default) : rank);
    memo.set(id, rank);
    return rank;
  };
  for (const node of flow.nodes) visit(node.id);
  return memo;
}

function stateConfigs(flow: Flow): Record<string, object> {
  const states: Record<string, object> = {};
  const mostUrgent = mostUrgentFrom(flow);
  // Red flags are tried most urgent first (stable within a level), so the first that holds wins.
  const flags: Rule[] = flow.redFlags.map((rf) => ({ rule: rf.id, kind: "red_flag", node: rf.outcome, condition: rf.when }));
  const byUrgency = [...flags].sort((a, b) => outcomeRank(flow, a.node) - outcomeRank(flow, b.node));
  const redFlagTransitions = byUrgency.map((rule) => ({
    guard: { type: "holds", params: rule },
    target: rule.node,
    actions: { type: "recordRedFlags", params: { winner: rule.rule, flags: byUrgency } },
  }));
  for (const node of flow.nodes) {
    switch (node.kind) {
      case "question":
        states[node.id] = {
          entry: { type: "enter", params: { node: node.id, skippable: true } },
          // A question already answered in a previous flow of the session is not asked again.
          always: { guard: { type: "isAnswered", params: { question: node.id } }, target: routeStateOf(node.id) },
          on: {
            ANSWER: [
              { guard: { type: "isOtherQuestion", params: { question: node.id } } },
              { target: routeStateOf(node.id), actions: { type: "recordAnswer" } },
            ],
            SKIP: [{ guard: { type: "isOtherQuestion", params: { question: node.id } } }, { target: routeStateOf(node.id), actions: { type: "recordSkip" } }],
          },
        };
        states[routeStateOf(node.id)] = { always: [...redFlagTransitions, ...branchTransitions(node.id, node.next, mostUrgent)] };
        break;
      case "info":
        states[node.id] = {
          entry: { type: "enter", params: { node: node.id, skippable: false } },
          always: branchTransitions(node.id, node.next, mostUrgent),
        };
        break;
      case "score":
        states[node.id] = {
          entry: { type: "computeScore", params: { node: node.id, terms: node.terms.map(({ when, points }) => ({ when, points })) } },
          always: branchTransitions(node.id, node.next, mostUrgent),
        };
        break;
      case "decision": {
        const rules = node.rules.map((r) => ({ rule: r.id, condition: r.when, outcome: r.outcome, rank: outcomeRank(flow, r.outcome) }));
        const outcomes = [...new Set([...node.rules.map((r) => r.outcome), node.otherwise.outcome])];
        states[node.id] = {
          entry: {
            type: "decide",
            params: { node: node.id, rules, otherwise: { rule: node.otherwise.id, outcome: node.otherwise.outcome } },
          },
          always: outcomes.map((outcome) => ({ guard: { type: "decided", params: { outcome } }, target: outcome })),
        };
        break;
      }
      case "outcome":
        states[node.id] = {
          type: "final",
          entry: [
            { type: "enter", params: { node: node.id, skippable: false } },
            { type: "reachOutcome", params: { node: node.id } },
          ],
        };
        break;
      case "handover":
        states[node.id] = {
          type: "final",
          entry: { type: "handOver", params: { flow: node.flow, carry: node.carry, rule: node.id, node: node.id } },
        };
        break;
    }
  }
  return states;
}

function createTriageMachine(flow: Flow) {
  return triageSetup.createMachine({
    id: `${flow.slug}@${flow.version}`,
    initial: flow.start,
    context: ({ input }) => ({
      answers: { ...(input?.carried ?? {}) },
      carried: Object.keys(input?.carried ?? {}),
      answered: [],
      trail: [],
      reasons: [],
    }),
    // The config is built from data; XState's deep config types cannot follow it, hence the cast.
    states: stateConfigs(flow) as Record<string, object>,
  });
}
export type TriageMachine = ReturnType<typeof createTriageMachine>;

/**
 * Given a flow (already schema-valid), returns its XState v5 machine and a node index. With
 * `economy: true` the runner skips questions that cannot change the outcome: what patients get
 * (the engine's catalogue, replays, simulations and the vignette suite turn it on). Off, every
 * question on the path is asked, as the flow is written (the flows' own unit tests).
 */
export function compileFlow(flow: Flow, options: { economy?: boolean } = {}): CompiledFlow {
  return { flow, nodes: new Map(flow.nodes.map((n) => [n.id, n])), machine: createTriageMachine(flow), economy: options.economy ?? false };
}
