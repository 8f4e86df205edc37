import { z } from "zod";

/** Action ids of the Slack channel's controls (answer ids are `triage_answer:<n>`). */
export const ACTIONS = {
  answer: "triage_answer",
  pick: "triage_pick",
  confirm: "triage_confirm",
  scale: "triage_scale",
  locale: "triage_locale",
  askHuman: "triage_ask_human",
  take: "triage_take",
  block: "triage_q",
} as const;

/** What a control carries: the session, the question it belongs to (stale-click guard), the value. */
const actionValueSchema = z.object({ s: z.string().min(1).max(64), q: z.string().max(128).optional(), v: z.unknown().optional() });
export type ActionValue = z.infer<typeof actionValueSchema>;

export function encodeAction(value: ActionValue): string {
  return JSON.stringify(value);
}

/** Parses a control's value (from Slack, so untrusted): undefined when it is not one of ours. */
export function decodeAction(raw: string | undefined): ActionValue | undefined {
  if (!raw || raw.length > 2000) return undefined;
  try {
    const parsed = actionValueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
