import type { CompiledFlow } from "../compile/compileFlow.js";
import { DONT_KNOW } from "../answers/parseAnswer.js";
import type { FlowContext, SkipReason } from "../compile/flowContext.js";
import { variablesOf } from "../logic/evaluateCondition.js";
import { evaluateTruth, type Truth } from "../logic/evaluateTruth.js";
import type { Condition, DecisionNode, Flow, Next } from "../schema/flowSchema.js";
import { isUrgency, urgencyRank } from "../urgency.js";

/*
 * Question economy (issue 18): do not ask what cannot change the outcome.
 *
 * "The same outcome" means the same outcome node of the same flow: so the same urgency, routing,
 * advice and safety-net text (stricter than level + routing, so the advice always fits the
 * answers). A handover counts as an outcome not known yet (the next flow decides).
 *
 * From the question the flow waits on, every future answer is read as unknown, and conditions
 * are evaluated in three-valued logic (flows/logic/evaluateTruth.ts): a branch, red flag or
 * decision rule that depends on an unknown answer may go either way, so the search follows both.
 * That over-approximates the outcomes the patient can still reach, never under-approximates it.
 *
 * - outcome_certain: every path left ends at one outcome node: the question is skipped, and so is
 *   every question after it, until the flow reaches that outcome.
 * - cannot_change_outcome: no condition still to be evaluated on any path reads the question (or a
 *   score that reads it) except where an earlier branch surely holds or a decision rule that
 *   surely fires outranks it; it feeds no live red flag and is carried to no next flow.
 *
 * Safety: a question that feeds a global red flag which can still fire (the text-sign
 * confirmations of the entry flow are such red flags) is only ever skipped when the outcome is
 * certain, and then that red flag's own outcome is the certain one: skipping it cannot lower the
 * urgency. Red-flag screens (flows/library/shared/redFlagScreens.json) are asked through
 * questions whose branches, rules or red flags lead to their level, which the search includes.
 * A skipped question is read as unknown by the runtime too (flows/compile/holdsIn.ts): a rule
 * that reads it neither fires nor becomes a reason, so the reasons shown stay true.
 */

interface Knowledge {
  answers: FlowContext["answers"];
  unknown: ReadonlySet<string>;
}

interface Reach {
  /** Outcome node ids some path can end at. */
  outcomes: Set<string>;
  /** Some path leaves the flow (handover), dead-ends, or ends on an "otherwise" that unknown rules could overrule. */
  open: boolean;
  /** Every node some path can enter. */
  visited: Set<string>;
}

/** Given a flow's context waiting on `question`, returns why it need not be asked, or undefined to ask it. */
export function skipReason(compiled: CompiledFlow, context: FlowContext, question: string): SkipReason | undefined {
  const know = knowledgeOf(compiled.flow, context);
  const reach = reachFrom(compiled, question, know);
  if (!reach.open && reach.outcomes.size === 1) return "outcome_certain";
  return cannotChangeOutcome(compiled, question, know, reach) ? "cannot_change_outcome" : undefined;
}

// The questions and scores of a flow, where knowledgeOf looks for answers.
const answerableCache = new WeakMap<Flow, readonly string[]>();

/** Every question and score of the flow without an answer yet (skipped ones included) is unknown. */
function knowledgeOf(flow: Flow, context: FlowContext): Knowledge {
  let answerable = answerableCache.get(flow);
  if (!answerable) answerableCache.set(flow, (answerable = flow.nodes.filter((n) => n.kind === "question" || n.kind === "score").map((n) => n.id)));
  const unknown = new Set<string>();
  for (const id of answerable) {
    // "Don't know" is unknown too: the runtime may read it either way (flows/compile/holdsIn.ts).
    const value = context.answers[id];
    if (value === undefined || value === DONT_KNOW) unknown.add(id);
  }
  return { answers: context.answers, unknown };
}

const truthOf = (condition: Condition, know: Knowledge): Truth => evaluateTruth(condition, know.answers, know.unknown);

const outcomeRanks = new WeakMap<Flow, Map<string, number>>();
function rankOf(flow: Flow, outcomeId: string): number {
  let ranks = outcomeRanks.get(flow);
  if (!ranks) {
    ranks = new Map();
    for (const node of flow.nodes) if (node.kind === "outcome" && isUrgency(node.urgency)) ranks.set(node.id, urgencyRank(node.urgency));
    outcomeRanks.set(flow, ranks);
  }
  return ranks.get(outcomeId) ?? Number.MAX_SAFE_INTEGER;
}

const flagOrders = new WeakMap<Flow, Flow["redFlags"]>();
/** Red flags in the order the machine tries them: most urgent first, stable within a level. */
function redFlagsInOrder(flow: Flow): Flow["redFlags"] {
  let order = flagOrders.get(flow);
  if (!order) {
    const ranked = flow.redFlags.map((rf, index) => ({ rf, rank: rankOf(flow, rf.outcome), index }));
    order = ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.rf);
    flagOrders.set(flow, order);
  }
  return order;
}

/** A decision rule's priority: the most urgent outcome wins, the first rule within a level. */
const before = (a: { rank: number; index: number }, b: { rank: number; index: number }) => a.rank < b.rank || (a.rank === b.rank && a.index < b.index);

function decisionRules(flow: Flow, node: DecisionNode, know: Knowledge) {
  const rules = node.rules.map((r, index) => ({ rule: r, index, rank: rankOf(flow, r.outcome), truth: truthOf(r.when, know) }));
  const surely = rules.filter((r) => r.truth === "yes");
  const best = surely.reduce<(typeof rules)[number] | undefined>((b, r) => (b === undefined || before(r, b) ? r : b), undefined);
  return { rules, best };
}

/** The outcomes reachable from `from` over every possible future answer (an over-approximation). */
function reachFrom(compiled: CompiledFlow, from: string, know: Knowledge): Reach {
  const { flow, nodes } = compiled;
  const reach: Reach = { outcomes: new Set(), open: false, visited: new Set() };
  // Answers only become known on the path, so the red flags read the same everywhere ahead.
  const flagExits: string[] = [];
  let flagStops = false;
  for (const rf of redFlagsInOrder(flow)) {
    const truth = truthOf(rf.when, know);
    if (truth === "no") continue;
    flagExits.push(rf.outcome);
    if (truth === "yes") {
      flagStops = true;
      break;
    }
  }
  const stack = [from];
  const follow = (next: Next) => {
    for (const branch of next.branches) {
      const truth = truthOf(branch.when, know);
      if (truth === "no") continue;
      stack.push(branch.to);
      if (truth === "yes") return;
    }
    if (next.default) stack.push(next.default);
    else reach.open = true;
  };
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reach.visited.has(id)) continue;
    reach.visited.add(id);
    const node = nodes.get(id);
    if (!node) {
      reach.open = true;
      continue;
    }
    switch (node.kind) {
      case "question":
        // After every answer the red flags are tried first (compileFlow's route state).
        for (const outcome of flagExits) stack.push(outcome);
        if (!flagStops) follow(node.next);
        break;
      case "info":
      case "score":
        follow(node.next);
        break;
      case "decision": {
        const { rules, best } = decisionRules(flow, node, know);
        const contenders = rules.filter((r) => r.truth === "unknown" && (best === undefined || before(r, best)));
        for (const r of contenders) stack.push(r.rule.outcome);
        if (best) stack.push(best.rule.outcome);
        else {
          stack.push(node.otherwise.outcome);
          // "Otherwise" says no rule fired: with rules still unknown that would be a guess.
          if (contenders.length > 0) reach.open = true;
        }
        break;
      }
      case "outcome":
        reach.outcomes.add(node.id);
        break;
      case "handover":
        reach.open = true;
        break;
    }
  }
  return reach;
}

// What reads a question is fixed by the flow: computed once per flow and question.
const dependentsCache = new WeakMap<Flow, Map<string, ReadonlySet<string>>>();

/** The question and every score that reads it, directly or through another score. */
function dependentsOf(flow: Flow, question: string): ReadonlySet<string> {
  let byQuestion = dependentsCache.get(flow);
  if (!byQuestion) dependentsCache.set(flow, (byQuestion = new Map()));
  let ids = byQuestion.get(question);
  if (!ids) byQuestion.set(question, (ids = collectDependents(flow, question)));
  return ids;
}

function collectDependents(flow: Flow, question: string): Set<string> {
  const ids = new Set([question]);
  for (let grew = true; grew;) {
    grew = false;
    for (const node of flow.nodes) {
      if (node.kind !== "score" || ids.has(node.id)) continue;
      if (node.terms.some((t) => reads(t.when, ids))) {
        ids.add(node.id);
        grew = true;
      }
    }
  }
  return ids;
}

const reads = (condition: Condition, ids: ReadonlySet<string>) => variablesOf(condition).some((id) => ids.has(id));

function cannotChangeOutcome(compiled: CompiledFlow, question: string, know: Knowledge, reach: Reach): boolean {
  const { flow, nodes } = compiled;
  const feeds = dependentsOf(flow, question);
  // A red flag that can still fire is never left to a guess.
  if (flow.redFlags.some((rf) => reads(rf.when, feeds) && truthOf(rf.when, know) !== "no")) return false;
  for (const id of reach.visited) {
    const node = nodes.get(id);
    if (!node) continue;
    if ("next" in node) {
      for (const branch of node.next.branches) {
        const truth = truthOf(branch.when, know);
        if (truth === "yes") break; // later branches of this node are never tried
        if (truth === "unknown" && reads(branch.when, feeds)) return false;
      }
    } else if (node.kind === "decision") {
      const { rules, best } = decisionRules(flow, node, know);
      if (rules.some((r) => r.truth === "unknown" && reads(r.rule.when, feeds) && (best === undefined || before(r, best)))) return false;
    } else if (node.kind === "handover") {
      if (node.carry.some((c) => feeds.has(c))) return false;
    }
  }
  return true;
}
