import { sessionQuestion, sessionResult, type CompiledFlow, type SessionFrame, type SessionState } from "../../flows/index.js";
import type { ChatBody } from "./chatMessage.js";
import { applyOutcome } from "./applyOutcome.js";
import { localText } from "./localText.js";
import type { Json } from "./ports.js";
import { renderEmergency } from "./renderOutcome.js";
import { renderCurrentQuestion } from "./renderCurrentQuestion.js";
import { requestHuman } from "./requestHuman.js";
import { audit, botSays, type TurnDraft } from "./turnDraft.js";

/**
 * Given a draft and the session's flow state before and after a step, moves the session to the
 * new state and reports the step: transitions, red flags and chained flows in the audit, the
 * information nodes passed through, then the next question or the outcome. On EMERGENCY the
 * emergency numbers go before every other bot message of the turn.
 */
export function reportProgress(draft: TurnDraft, before: SessionState, after: SessionState): void {
  const { ctx, session } = draft;
  session.state = after;
  const information: ChatBody[] = [];
  after.frames.forEach((frame, index) => {
    const prior = before.frames[index];
    const same = prior !== undefined && prior.slug === frame.slug && prior.version === frame.version;
    const compiled = ctx.resolver.exact(frame.slug, frame.version)!;
    if (!same && index > 0) reportChain(draft, after.frames[index - 1]!, frame);
    const trail = frame.snapshot.context.trail;
    const priorTrail = same ? prior.snapshot.context.trail : [];
    if (same && prior.snapshot.value === frame.snapshot.value && priorTrail.length === trail.length) return;
    const forward = priorTrail.every((id, i) => trail[i] === id) && trail.length >= priorTrail.length;
    const through = forward ? trail.slice(priorTrail.length) : [];
    audit(draft, "flow.transition", {
      flow: frame.slug,
      version: frame.version,
      from: same ? prior.snapshot.value : null,
      to: frame.snapshot.value,
      status: frame.snapshot.status,
      through,
    });
    reportSkipped(draft, frame, same ? (prior.snapshot.context.skipped ?? []).length : 0);
    if (frame.snapshot.context.redFlag && !(same && prior.snapshot.context.redFlag)) reportRedFlag(draft, frame);
    for (const id of through) {
      const node = compiled.nodes.get(id);
      if (node?.kind === "info") information.push({ kind: "text", text: localText(node.text, session.locale) });
    }
  });

  const { compiled, question } = sessionQuestion(ctx.resolver, after);
  const hadResult = before.frames.length > 0 && sessionResult(ctx.resolver, before) !== undefined;
  const result = question ? undefined : sessionResult(ctx.resolver, after);
  if (result && !hadResult && result.urgency === "EMERGENCY") placeFirst(draft, renderEmergency(ctx.config, session.locale));
  for (const body of information) botSays(draft, body);
  if (question) botSays(draft, { kind: "question", question: renderCurrentQuestion(ctx.resolver, after, question, session.locale) });
  else if (result && !hadResult) applyOutcome(draft, compiled, result);
  else if (!result) reportDeadEnd(draft, compiled);
}

function reportChain(draft: TurnDraft, from: SessionFrame, to: SessionFrame): void {
  draft.effects.push({ type: "flow_chained", from: from.slug, to: to.slug, version: to.version });
  audit(draft, "flow.chained", {
    from: from.slug,
    fromVersion: from.version,
    to: to.slug,
    version: to.version,
    carry: Object.keys(from.snapshot.context.handover?.carry ?? {}),
  });
}

/**
 * Question economy: each question the flow skipped in this step, with why (flows/run/questionEconomy.ts),
 * so the clinician sees what was not asked and a replay must skip the same ones.
 */
function reportSkipped(draft: TurnDraft, frame: SessionFrame, alreadyReported: number): void {
  const compiled = draft.ctx.resolver.exact(frame.slug, frame.version)!;
  for (const skipped of (frame.snapshot.context.skipped ?? []).slice(alreadyReported)) {
    if (compiled.nodes.get(skipped.id)?.kind !== "question") continue;
    audit(draft, "question.skipped", { flow: frame.slug, version: frame.version, question: skipped.id, reason: skipped.reason });
  }
}

function reportRedFlag(draft: TurnDraft, frame: SessionFrame): void {
  const { context } = frame.snapshot;
  const flag = context.redFlag!;
  const record = context.reasons.find((r) => r.kind === "red_flag" && r.rule === flag);
  draft.effects.push({ type: "red_flag", flow: frame.slug, flag });
  audit(draft, "red_flag.fired", {
    flow: frame.slug,
    version: frame.version,
    flag,
    outcome: record?.node ?? null,
    answers: (record?.reads ?? []).map((id) => ({ id, value: (context.answers[id] ?? null) as Json })),
  });
}

/** Places a bot message before every other bot message of the turn (the patient's own message stays first). */
function placeFirst(draft: TurnDraft, body: ChatBody): void {
  const firstBot = draft.messages.findIndex((m) => m.author !== "patient");
  draft.messages.splice(firstBot === -1 ? draft.messages.length : firstBot, 0, { author: "bot", body });
}

/**
 * A flow that stops without a question or an outcome is a flow bug the validator should have
 * caught; the patient is never left without a way forward: a clinician is asked at once.
 */
function reportDeadEnd(draft: TurnDraft, compiled: CompiledFlow): void {
  const frame = draft.session.state.frames.at(-1)!;
  audit(draft, "flow.dead_end", { flow: compiled.flow.slug, version: compiled.flow.version, node: frame.snapshot.value });
  if (draft.session.status !== "handoff") requestHuman(draft, "outcome", "dead_end");
}
