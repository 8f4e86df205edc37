import type { Flow, LocalizedText } from "../../../flows/schema/flowSchema";
import type { Urgency } from "../../../flows/urgency";

/*
 * The "Flow settings" form's working copy: the flow-level fields with every optional text present
 * (so the form can bind to them). The server drops what stays blank (bot/admin/putFlowSettings).
 */

export interface FlowSettingsDraft {
  title: LocalizedText;
  description: LocalizedText;
  locales: string[];
  start: string;
  /** Every level, its label blank when the flow has none (the form binds each). */
  urgencyLabels: Record<Urgency, LocalizedText>;
  sources: { title: string; url?: string }[];
  review: { status: string; note?: string };
}

/** Given the draft flow, returns the form's working copy of its settings. */
export function flowSettingsDraft(flow: Flow): FlowSettingsDraft {
  const copy = structuredClone(flow);
  const label = (level: Urgency) => copy.urgencyLabels?.[level] ?? {};
  return {
    title: copy.title,
    description: copy.description ?? {},
    locales: copy.locales,
    start: copy.start,
    urgencyLabels: { EMERGENCY: label("EMERGENCY"), URGENT: label("URGENT"), SOON: label("SOON"), ROUTINE: label("ROUTINE"), SELF_CARE: label("SELF_CARE") },
    sources: copy.sources.map((s) => ({ title: s.title, url: s.url ?? "" })),
    review: { status: copy.review.status, note: copy.review.note ?? "" },
  };
}
