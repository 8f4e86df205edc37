import type { types } from "@slack/bolt";
import { DONT_KNOW, type Locale } from "../../../flows/index.js";
import type { ChatBody, ChatMessage, OutcomeView, QuestionView } from "../../engine/chatMessage.js";
import { ACTIONS, encodeAction } from "./slackActions.js";
import { slackTexts } from "./slackTexts.js";

type Block = types.KnownBlock;

/** One Slack message: `text` is the notification and screen-reader fallback, `blocks` what is shown. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/**
 * Given transcript messages of one turn (or pushed by staff) and the session's locale, returns the
 * Slack messages to post, in order. The patient's own answers are not echoed. An outcome is one
 * message; on EMERGENCY the emergency numbers are its first line and it goes out first.
 */
export function renderMessages(sessionId: string, messages: ChatMessage[], locale: Locale, names: Map<string, string> = new Map()): SlackMessage[] {
  const hasOutcomeNumbers = messages.some((m) => m.body.kind === "outcome" && m.body.outcome.emergencyNumbers?.length);
  const rendered: { first: boolean; message: SlackMessage }[] = [];
  for (const m of messages) {
    if (m.author === "patient") continue;
    if (m.body.kind === "emergency" && hasOutcomeNumbers) continue;
    const message = renderBody(sessionId, m, m.locale ?? locale, names);
    if (!message) continue;
    const first = m.body.kind === "emergency" || (m.body.kind === "outcome" && Boolean(m.body.outcome.emergencyNumbers?.length));
    rendered.push({ first, message });
  }
  return [...rendered.filter((r) => r.first), ...rendered.filter((r) => !r.first)].map((r) => r.message);
}

function renderBody(sessionId: string, m: ChatMessage, locale: Locale, names: Map<string, string>): SlackMessage | undefined {
  const body: ChatBody = m.body;
  const t = slackTexts(locale);
  switch (body.kind) {
    case "text":
      if (m.author === "clinician") {
        const who = t.clinician(names.get(m.authorId ?? "") ?? "");
        return plain(`*${escape(who)}*\n${escape(body.text)}`, `${who}: ${body.text}`);
      }
      return plain(escape(body.text), body.text);
    case "notice":
    case "handoff":
      return plain(escape(body.text), body.text);
    case "reask":
      return body.proposal
        ? renderProposal(sessionId, body.questionId, body.text, body.proposal.value, locale)
        : plain(`:warning: ${escape(body.text)}`, body.text);
    case "emergency":
      return plain(t.callFirst(body.numbers.map((n) => `${n.number} (${n.label})`).join(" / ")) + `\n${escape(body.text)}`, body.text);
    case "outcome":
      return renderOutcome(body.outcome, locale);
    case "question":
      return renderQuestion(sessionId, body.question, locale);
    case "answer":
      return undefined;
  }
}

/**
 * A value a model read in the patient's words ("You mean: 3 hours, is that right?"): a Yes button
 * sends it back as the answer to that question, read by the same parser as any click; to correct
 * it, the patient types again.
 */
function renderProposal(sessionId: string, questionId: string, text: string, value: unknown, locale: Locale): SlackMessage {
  const t = slackTexts(locale);
  const yes: types.ActionsBlockElement = {
    type: "button",
    style: "primary",
    action_id: `${ACTIONS.answer}:proposal`,
    text: { type: "plain_text", text: t.proposalYes },
    value: encodeAction({ s: sessionId, q: questionId, v: value }),
  };
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: escape(text).slice(0, 3000) } },
      { type: "actions", block_id: `${ACTIONS.block}:${questionId}:proposal`.slice(0, 255), elements: [yes] },
      { type: "context", elements: [{ type: "mrkdwn", text: escape(t.orTypeAgain) }] },
    ],
  };
}

/** The outcome in one message: numbers first on EMERGENCY, urgency in words, next steps, advice, safety-netting. */
export function renderOutcome(outcome: OutcomeView, locale: Locale): SlackMessage {
  const t = slackTexts(locale);
  const lines: string[] = [];
  if (outcome.emergencyNumbers?.length) lines.push(t.callFirst(outcome.emergencyNumbers.map((n) => `${n.number} (${n.label})`).join(" / ")));
  if (outcome.crisisLines?.length) lines.push(outcome.crisisLines.map((n) => `☎ ${n.number} (${n.label})`).join(" / "));
  lines.push(`*${escape(outcome.urgencyLabel)}*${outcome.title ? ` — ${escape(outcome.title)}` : ""}`);
  lines.push(escape(outcome.nextSteps));
  if (outcome.advice) lines.push(escape(outcome.advice));
  if (outcome.safetyNet) lines.push(`_${escape(outcome.safetyNet)}_`);
  const text = lines.join("\n");
  return { text: text.replace(/[*_]|:rotating_light: /g, ""), blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }] };
}

/**
 * A question as Block Kit: buttons, checkboxes and a confirm button, a 0-10 select, or a prompt to
 * type (with an "I don't know" button where the question takes it); the progress estimate under it.
 */
export function renderQuestion(sessionId: string, q: QuestionView, locale: Locale): SlackMessage {
  const t = slackTexts(locale);
  const blocks: Block[] = [{ type: "section", text: { type: "mrkdwn", text: `*${escape(q.text)}*` } }];
  if (q.help) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escape(q.help) }] });
  if (q.remaining) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t.questionsLeft(q.remaining) }] });
  const answer = (value: unknown) => encodeAction({ s: sessionId, q: q.questionId, v: value });
  const elements: types.ActionsBlockElement[] = [];
  switch (q.type) {
    case "yes_no":
      elements.push(
        { type: "button", action_id: `${ACTIONS.answer}:yes`, text: { type: "plain_text", text: t.yes }, value: answer(true) },
        { type: "button", action_id: `${ACTIONS.answer}:no`, text: { type: "plain_text", text: t.no }, value: answer(false) },
      );
      break;
    case "single_choice": {
      const options = q.options ?? [];
      const button = (o: { value: string; label: string }): types.ActionsBlockElement => ({
        type: "button",
        action_id: `${ACTIONS.answer}:${options.indexOf(o)}`,
        text: { type: "plain_text", text: o.label.slice(0, 75) },
        value: answer(o.value),
      });
      const suggested = options.filter((o) => q.suggested?.includes(o.value));
      if (suggested.length > 0) {
        // The same option may show again below: action ids differ per block, the value is what counts.
        blocks.push(
          { type: "section", text: { type: "mrkdwn", text: `_${escape(t.suggested)}_` } },
          { type: "actions", block_id: `${ACTIONS.block}:${q.questionId}:suggested`.slice(0, 255), elements: suggested.map(button) },
        );
      }
      if (q.groups?.length) blocks.push(...groupedChoices(q, options, button));
      else elements.push(...options.slice(0, 20).map(button));
      break;
    }
    case "multiple_choice":
      elements.push(
        {
          type: "checkboxes",
          action_id: ACTIONS.pick,
          options: (q.options ?? []).slice(0, 10).map((o) => ({ text: { type: "plain_text" as const, text: o.label.slice(0, 75) }, value: o.value })),
        },
        { type: "button", style: "primary", action_id: ACTIONS.confirm, text: { type: "plain_text", text: t.confirm }, value: answer(null) },
      );
      break;
    case "scale":
      elements.push({
        type: "static_select",
        action_id: ACTIONS.scale,
        placeholder: { type: "plain_text", text: t.pickScale },
        options: Array.from({ length: 11 }, (_, n) => ({
          text: {
            type: "plain_text" as const,
            text: n === 0 && q.lowLabel ? `0 (${q.lowLabel})`.slice(0, 75) : n === 10 && q.highLabel ? `10 (${q.highLabel})`.slice(0, 75) : String(n),
          },
          value: answer(n),
        })),
      });
      break;
    default: {
      const hint = q.type === "number" && q.min !== undefined && q.max !== undefined ? t.range(q.min, q.max, q.unit?.label ?? "") : "";
      blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t.typeYourAnswer(hint) }] });
      if (q.dontKnow)
        elements.push({ type: "button", action_id: `${ACTIONS.answer}:dont_know`, text: { type: "plain_text", text: t.dontKnow }, value: answer(DONT_KNOW) });
    }
  }
  const other: Locale = locale === "fr" ? "en" : "fr";
  elements.push(
    { type: "button", action_id: ACTIONS.locale, text: { type: "plain_text", text: t.switchLanguage }, value: encodeAction({ s: sessionId, v: other }) },
    { type: "button", action_id: ACTIONS.askHuman, text: { type: "plain_text", text: t.askHuman }, value: encodeAction({ s: sessionId }) },
  );
  // Checkboxes and the confirm button share one block, so the confirm click carries their state.
  blocks.push({ type: "actions", block_id: `${ACTIONS.block}:${q.questionId}`.slice(0, 255), elements });
  return { text: q.text, blocks };
}

/**
 * A grouped single choice: each group's heading as a section, its buttons in an actions block of
 * their own (Slack allows 25 elements a block and 50 blocks a message; Block Kit has no search).
 */
function groupedChoices(
  q: QuestionView,
  options: { value: string; label: string }[],
  button: (o: { value: string; label: string }) => types.ActionsBlockElement,
): Block[] {
  const byValue = new Map(options.map((o) => [o.value, o]));
  return q.groups!.slice(0, 20).flatMap((g) => {
    const buttons = g.options.flatMap((v) => (byValue.has(v) ? [button(byValue.get(v)!)] : [])).slice(0, 25);
    if (buttons.length === 0) return [];
    return [
      { type: "section", text: { type: "mrkdwn", text: `*${escape(g.label)}*` } } as Block,
      { type: "actions", block_id: `${ACTIONS.block}:${q.questionId}:${g.id}`.slice(0, 255), elements: buttons } as Block,
    ];
  });
}

/** The question's message after it was answered: the question and the answer, no controls (a stale click has nothing to press). */
export function answeredQuestion(questionText: string, display: string, locale: Locale): SlackMessage {
  return {
    text: questionText,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${escape(questionText)}*` } },
      { type: "context", elements: [{ type: "mrkdwn", text: escape(slackTexts(locale).yourAnswer(display)) }] },
    ],
  };
}

function plain(mrkdwn: string, text: string): SlackMessage {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: mrkdwn.slice(0, 3000) } }] };
}

/** Slack's three control characters in mrkdwn (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
