/** One question the simulation did not ask, and why (the server's question economy, when it reports it). */
export interface SkippedQuestion {
  questionId: string;
  reason: string;
}

/**
 * Given a simulation as the server returned it, returns the questions it skipped, or undefined
 * when the server reports none (older servers): the list is shown only when the server sends it.
 */
export function skippedOf(simulation: unknown): SkippedQuestion[] | undefined {
  if (typeof simulation !== "object" || simulation === null || !("skipped" in simulation)) return undefined;
  const list = (simulation as { skipped: unknown }).skipped;
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((item: unknown) => {
    if (typeof item === "string") return [{ questionId: item, reason: "" }];
    if (typeof item !== "object" || item === null) return [];
    const record = item as Record<string, unknown>;
    const id = record.questionId ?? record.id ?? record.node;
    const reason = record.reason ?? record.why ?? record.text;
    return typeof id === "string"
      ? [{ questionId: id, reason: typeof reason === "string" ? reason : reason && typeof reason === "object" ? String(Object.values(reason)[0] ?? "") : "" }]
      : [];
  });
}
