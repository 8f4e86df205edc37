import type { z } from "zod";
import type { branchSchema, Condition, FlowInput, Routing } from "../flows/schema/flowSchema.js";
import { URGENCY_LEVELS, type Urgency } from "../flows/urgency.js";

type NodeInput = FlowInput["nodes"][number];
type RedFlagInput = NonNullable<FlowInput["redFlags"]>[number];
type BranchInput = z.input<typeof branchSchema>;

const ROUTING: Record<Urgency, Routing> = {
  EMERGENCY: "emergency_services",
  URGENT: "on_call_clinician",
  SOON: "same_day_teleconsultation",
  ROUTINE: "routine_teleconsultation",
  SELF_CARE: "self_care",
};

/** The kinds of chain node, in rotation: every question type plus information. */
const CHAIN = ["yes_no", "single_choice", "number", "scale", "multiple_choice", "duration", "info", "free_text"] as const;
/** One score node every this many chain nodes. */
const SCORE_EVERY = 25;

const t = (fr: string, en: string) => ({ fr, en });

function outcome(id: string, urgency: Urgency, n: number): NodeInput {
  return {
    id,
    kind: "outcome",
    urgency,
    routing: ROUTING[urgency],
    title: t(`Orientation ${n}`, `Outcome ${n}`),
    advice: t(`Conseil ${n}`, `Advice ${n}`),
    safetyNet: t("Si les symptômes s'aggravent, rappelez ou composez le 15.", "If symptoms get worse, call back or dial 15."),
  };
}

/**
 * Given a node count, returns a valid, realistic flow of about that many nodes: a long chain of
 * questions of every type and information messages, with forward branches (skips and early
 * outcomes), scores along the way, red flags, a final decision table, both locales. Branches only
 * go forward, so the flow is acyclic and every node is reachable by the defaults.
 */
export function generateFlow(nodeCount: number): FlowInput {
  const outcomeCount = Math.max(URGENCY_LEVELS.length, Math.round(nodeCount * 0.04));
  const outcomes = Array.from({ length: outcomeCount }, (_, k) => outcome(`outcome_${k}`, URGENCY_LEVELS[k % URGENCY_LEVELS.length]!, k));
  // Each urgency's outcomes are used in turn, so that every outcome is reachable.
  const used = new Map<Urgency, number>();
  const outcomeAt = (urgency: Urgency) => {
    const matching = outcomes.filter((o) => o.kind === "outcome" && o.urgency === urgency);
    const turn = used.get(urgency) ?? 0;
    used.set(urgency, turn + 1);
    return matching[turn % matching.length]!.id;
  };
  // The chain, its scores, then the final score and decision: nodeCount - outcomes - 2 in all.
  const chainSlots = Math.max(CHAIN.length, nodeCount - outcomeCount - 2);
  const ids: string[] = [];
  const kinds: string[] = [];
  for (let i = 0; ids.length < chainSlots; i++) {
    if (i > 0 && i % SCORE_EVERY === 0 && ids.length < chainSlots) {
      ids.push(`score_${i}`);
      kinds.push("score");
    }
    if (ids.length >= chainSlots) break;
    const kind = CHAIN[i % CHAIN.length]!;
    ids.push(`${kind === "info" ? "info" : "q"}_${i}_${kind}`);
    kinds.push(kind);
  }
  ids.push("final_score");
  const ahead = (i: number, by: number) => ids[Math.min(i + by, ids.length - 1)]!;
  const questionsBefore = (i: number, kind: string) => ids.slice(0, i).filter((_, j) => kinds[j] === kind);

  const nodes: NodeInput[] = [];
  const redFlags: RedFlagInput[] = [];
  ids.slice(0, -1).forEach((id, i) => {
    const kind = kinds[i]!;
    const base = { id, text: t(`Question ${i} ?`, `Question ${i}?`), help: t(`Aide ${i}`, `Help ${i}`) };
    const next = (branches: BranchInput[] = []) => ({ branches, default: ahead(i, 1) });
    const reason = t(`Règle ${id}`, `Rule ${id}`);
    switch (kind) {
      case "yes_no":
        nodes.push({
          ...base,
          kind: "question",
          type: "yes_no",
          next: next([{ id: `${id}_skip`, when: { "==": [{ var: id }, true] }, to: ahead(i, 2), reason }]),
        });
        if (i % 48 === 0)
          redFlags.push({
            id: `red_${id}`,
            when: { and: [{ "==": [{ var: id }, true] }, { ">=": [{ var: "q_3_scale" }, 9] }] },
            outcome: outcomeAt("EMERGENCY"),
            reason,
          });
        break;
      case "single_choice":
        nodes.push({
          ...base,
          kind: "question",
          type: "single_choice",
          options: ["mild", "moderate", "severe"].map((v, k) => ({ value: v, label: t(`Option ${k} fr`, `Option ${k} en`) })),
          next: next([{ id: `${id}_severe`, when: { "==": [{ var: id }, "severe"] }, to: outcomeAt("SOON"), reason }]),
        });
        break;
      case "number":
        nodes.push({
          ...base,
          kind: "question",
          type: "number",
          unit: { symbol: "°C", label: t("degrés", "degrees") },
          min: 30,
          max: 45,
          next: next([{ id: `${id}_fever`, when: { ">": [{ var: id }, 39] }, to: ahead(i, 3), reason }]),
        });
        break;
      case "scale":
        nodes.push({
          ...base,
          kind: "question",
          type: "scale",
          lowLabel: t("aucune", "none"),
          highLabel: t("pire", "worst"),
          next: next([{ id: `${id}_high`, when: { ">=": [{ var: id }, 8] }, to: outcomeAt("URGENT"), reason }]),
        });
        break;
      case "multiple_choice":
        nodes.push({
          ...base,
          kind: "question",
          type: "multiple_choice",
          noneOption: "none",
          options: ["cough", "fever", "rash", "none"].map((v, k) => ({ value: v, label: t(`Symptôme ${k}`, `Symptom ${k}`) })),
          next: next([
            { id: `${id}_rash`, when: { some: [{ var: id }, { "==": [{ var: "" }, "rash"] }] }, to: ahead(i, 2), reason },
            { id: `${id}_none`, when: { in: ["none", { var: id }] }, to: outcomeAt("SELF_CARE"), reason },
          ]),
        });
        break;
      case "duration":
        nodes.push({
          ...base,
          kind: "question",
          type: "duration",
          maxHours: 24 * 365,
          next: next([{ id: `${id}_long`, when: { ">": [{ var: id }, 24 * 14] }, to: outcomeAt("ROUTINE"), reason }]),
        });
        break;
      case "info":
        nodes.push({ id, kind: "info", text: t(`Information ${i}`, `Information ${i}`), next: next() });
        break;
      case "free_text":
        nodes.push({ ...base, kind: "question", type: "free_text", next: next() });
        if (i % 64 === 7)
          redFlags.push({ id: `red_${id}`, when: { mentions: [{ var: id }, ["suicide", "overdose"]] }, outcome: outcomeAt("EMERGENCY"), reason });
        break;
      case "score": {
        const yes = questionsBefore(i, "yes_no").slice(-3);
        const scales = questionsBefore(i, "scale").slice(-2);
        const terms: { when: Condition; points: number; label?: { fr: string; en: string } }[] = [
          ...yes.map((q) => ({ when: { "==": [{ var: q }, true] }, points: 1, label: t(`${q} oui`, `${q} yes`) })),
          ...scales.map((q) => ({ when: { ">=": [{ var: q }, 5] }, points: 2 })),
        ];
        nodes.push({
          id,
          kind: "score",
          label: t(`Score ${i}`, `Score ${i}`),
          terms,
          next: next([{ id: `${id}_high`, when: { ">=": [{ var: id }, 4] }, to: ahead(i, 2), reason }]),
        });
        break;
      }
    }
  });
  const scores = ids.filter((id) => id.startsWith("score_"));
  nodes.push({
    id: "final_score",
    kind: "score",
    label: t("Score final", "Final score"),
    terms: [...scores.map((s) => ({ when: { ">=": [{ var: s }, 3] }, points: 1 })), { when: { "==": [{ var: "q_0_yes_no" }, true] }, points: 1 }],
    next: { default: "final_decision" },
  });
  const levels = URGENCY_LEVELS.slice(0, -1);
  nodes.push({
    id: "final_decision",
    kind: "decision",
    rules: levels.map((urgency, k) => ({
      id: `final_${urgency.toLowerCase()}`,
      when: { ">=": [{ var: "final_score" }, (levels.length - k) * 2] },
      outcome: outcomeAt(urgency),
      reason: t(`Score final ≥ ${(levels.length - k) * 2}`, `Final score ≥ ${(levels.length - k) * 2}`),
    })),
    otherwise: { id: "final_nothing", outcome: outcomeAt("SELF_CARE"), reason: t("Rien d'inquiétant", "Nothing worrying") },
  });
  nodes.push(...outcomes);
  return {
    schemaVersion: 1,
    slug: "generated",
    version: 1,
    title: t("Parcours généré", "Generated flow"),
    locales: ["fr", "en"],
    start: ids[0]!,
    nodes,
    redFlags,
  };
}
