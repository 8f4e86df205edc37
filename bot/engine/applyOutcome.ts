import { isAtLeastAsUrgent, type CompiledFlow, type FlowResolver, type LocalizedText, type SessionState, type TriageResult } from "../../flows/index.js";
import { decideHandoff, openHandoff, opensCase } from "./decideHandoff.js";
import { textsFor } from "./engineTexts.js";
import type { Json } from "./ports.js";
import { numbersInWords, renderOutcome } from "./renderOutcome.js";
import { audit, botSays, type TurnDraft } from "./turnDraft.js";

/**
 * Given a draft whose session just reached an outcome, adds what the outcome means: the outcome
 * card, the audit record with reasons, and for EMERGENCY, URGENT and SOON a hand-off case with the
 * level's SLA. (The emergency message itself is placed first by reportProgress.)
 */
export function applyOutcome(draft: TurnDraft, compiled: CompiledFlow, result: TriageResult): void {
  const { ctx, session } = draft;
  const { locale } = session;
  const last = session.state.frames.at(-1)!;
  draft.effects.push({ type: "outcome_decided", result });
  audit(draft, "outcome.decided", {
    flow: last.slug,
    version: last.version,
    outcome: result.outcome,
    urgency: result.urgency,
    routing: result.routing,
    redFlag: result.redFlag ?? null,
    reasons: reasonRecords(session.state),
    ...skippedRecords(session.state),
  });
  botSays(draft, { kind: "outcome", outcome: renderOutcome(compiled, result, locale, ctx.config) });

  // A case already open for this session (the patient asked for a human) is escalated only by a more urgent outcome.
  const caseOpen = session.status === "handoff";
  const alreadyCovered = caseOpen && session.urgency !== undefined && isAtLeastAsUrgent(session.urgency, result.urgency);
  session.urgency = result.urgency;
  if (opensCase(result.urgency) && !alreadyCovered) {
    const firstReason = mainReasonText(ctx.resolver, session.state, result);
    const handoff = decideHandoff(ctx.now, ctx.config, {
      urgency: result.urgency,
      cause: "outcome",
      routing: result.routing,
      ...(firstReason ? { firstReason: { text: firstReason, sessionLocale: locale } } : {}),
    });
    draft.effects.push(handoff.effect);
    openHandoff(draft, handoff);
    audit(draft, "handoff.requested", {
      urgency: result.urgency,
      cause: "outcome",
      slaMinutes: handoff.slaMinutes,
      slaDeadline: handoff.draft.slaDeadline,
      basis: "outcome",
    });
    const t = textsFor(locale);
    const text = result.urgency === "EMERGENCY" ? t.handoff.emergency(numbersInWords(ctx.config, locale)) : t.handoff.outcome(t.formatWait(handoff.slaMinutes));
    botSays(draft, { kind: "handoff", status: "requested", text, expectedWaitMinutes: handoff.slaMinutes });
    session.status = "handoff";
  } else {
    session.status = caseOpen ? "handoff" : "completed";
  }
}

/** Every rule that fired in the session, in order, with the answers it read (for the audit log). */
function reasonRecords(state: SessionState): Json[] {
  return state.frames.flatMap((frame) =>
    frame.snapshot.context.reasons.map((r) => ({
      flow: frame.slug,
      rule: r.rule,
      kind: r.kind,
      node: r.node,
      answers: r.reads.map((id) => ({ id, value: (frame.snapshot.context.answers[id] ?? null) as Json })),
    })),
  );
}

/** The questions question economy left unasked, with why (only when there are some). */
function skippedRecords(state: SessionState): { skipped?: Json[] } {
  const skipped = state.frames.flatMap((frame) => (frame.snapshot.context.skipped ?? []).map((s) => ({ flow: frame.slug, id: s.id, reason: s.reason })));
  return skipped.length > 0 ? { skipped } : {};
}

/**
 * The reason a clinician reads first in the queue: the red flag, else the decision rule that
 * chose this outcome, else the first explained reason; in every language the flow has.
 */
function mainReasonText(resolver: FlowResolver, state: SessionState, result: TriageResult): LocalizedText | undefined {
  const last = state.frames.at(-1)!;
  const compiled = resolver.exact(last.slug, last.version);
  const winning = new Set<string>();
  for (const node of compiled?.flow.nodes ?? []) {
    if (node.kind === "decision") for (const rule of node.rules) if (rule.outcome === result.outcome) winning.add(rule.id);
  }
  const reason =
    result.reasons.find((r) => r.kind === "red_flag") ??
    result.reasons.find((r) => r.kind === "decision" && r.flow === last.slug && winning.has(r.rule)) ??
    result.reasons[0];
  return reason?.text;
}
