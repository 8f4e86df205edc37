/** The five urgency levels, most urgent first. Flows may rename them, never reorder them. */
export const URGENCY_LEVELS = ["EMERGENCY", "URGENT", "SOON", "ROUTINE", "SELF_CARE"] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];

export function isUrgency(value: unknown): value is Urgency {
  return typeof value === "string" && (URGENCY_LEVELS as readonly string[]).includes(value);
}

/** Rank 0 is the most urgent. */
export function urgencyRank(level: Urgency): number {
  return URGENCY_LEVELS.indexOf(level);
}

/** True when `a` is at least as urgent as `b`. */
export function isAtLeastAsUrgent(a: Urgency, b: Urgency): boolean {
  return urgencyRank(a) <= urgencyRank(b);
}

/** Given levels, returns the most urgent (undefined for none). */
export function mostUrgent(levels: Iterable<Urgency>): Urgency | undefined {
  let best: Urgency | undefined;
  for (const level of levels) if (best === undefined || urgencyRank(level) < urgencyRank(best)) best = level;
  return best;
}

/** Default labels, overridable per flow and per deployment (the order stays). */
export const DEFAULT_URGENCY_LABELS: Record<Urgency, { fr: string; en: string }> = {
  EMERGENCY: { fr: "Urgence vitale", en: "Emergency" },
  URGENT: { fr: "Urgent", en: "Urgent" },
  SOON: { fr: "Dans la journée", en: "Same day" },
  ROUTINE: { fr: "Dans les jours qui viennent", en: "Within days" },
  SELF_CARE: { fr: "Soins personnels", en: "Self-care" },
};
