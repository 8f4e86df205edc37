import { z } from "zod";
import { LOCALES, type Locale } from "../../../flows/index.js";
import type { AuditDraft, CommittedTurn, Json, SessionRecord, StaffTurn, Store } from "../../engine/ports.js";
import type { Logger } from "../../logger.js";
import { askModel, type AssistFailure } from "../askModel.js";
import type { Assist } from "../assist.js";
import { keepCitedClaims, type SummaryClaim } from "./keepCitedClaims.js";
import { summaryOutputSchema, summaryPrompt } from "./summaryPrompt.js";
import { transcriptLines } from "./transcriptLines.js";

/** A case summary as stored in the session's audit chain (`assist.summary`) and shown on the case page. */
export interface CaseSummary {
  locale: Locale;
  claims: SummaryClaim[];
  /** Claims the model made that cited a line the transcript does not have: not shown. */
  dropped: number;
  model: string;
  trigger: "handoff" | "requested";
  at: string;
}

export type SummaryResult = { ok: true; summary: CaseSummary } | { ok: false; reason: "off" | "empty_transcript" | AssistFailure };

export interface CaseSummaryDeps {
  assist: Assist;
  store: Pick<Store, "messagesAfter">;
  /** The session's audit stream (where summaries are kept). */
  audit: { readAuditEvents(stream: string, afterSeq: number, limit?: number): Promise<{ seq: number; type: string; payload: unknown }[]> };
  /** Commits the call and the summary on the session's chain, serialised with the patient's turns. */
  staff: { commitStaffTurn(sessionId: string, clientMessageId: string, make: (session: SessionRecord, now: Date) => StaffTurn): Promise<CommittedTurn> };
  clock: { now(): Date };
  ids: { newId(): string };
  /** The clinicians' language for summaries made at hand-off (SLACK_CLINICIANS_LOCALE, else the default). */
  cliniciansLocale: Locale;
  logger: Pick<Logger, "warn">;
  /** Called once a summary is stored (the runtime publishes case.updated, so an open case page shows it without a reload). */
  onStored?: (sessionId: string) => void;
}

const storedSchema = z.object({
  locale: z.enum(LOCALES),
  claims: z.array(z.object({ text: z.string(), lines: z.array(z.number().int()) })),
  dropped: z.number().int(),
  model: z.string(),
  trigger: z.enum(["handoff", "requested"]),
  at: z.string(),
});

/**
 * Case summaries for clinicians: made after a hand-off is committed (never on the patient's
 * path), or again on request, in the clinician's language. Each claim cites transcript lines;
 * claims citing a line that does not exist are dropped here, in code. The call and the summary
 * are events of the session's audit chain: that is where the summary is stored.
 */
export class CaseSummaries {
  readonly #pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: CaseSummaryDeps) {}

  /** Starts a summary for a case just handed off; returns at once, failures are logged with codes only. */
  onHandoff(sessionId: string): void {
    if (!this.deps.assist.enabled("caseSummary")) return;
    const run = this.generate(sessionId, this.deps.cliniciansLocale, "handoff")
      .then((result) => {
        if (!result.ok) this.deps.logger.warn({ sessionId, code: result.reason }, "case summary not made");
      })
      .catch((error: unknown) => this.deps.logger.warn({ sessionId, code: (error as { code?: string }).code ?? "internal" }, "case summary failed"))
      .finally(() => this.#pending.delete(run));
    this.#pending.add(run);
  }

  /** Resolves once every summary started by onHandoff has finished (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Makes a summary of the session's transcript now, in `locale`, and stores it with the session. */
  async generate(sessionId: string, locale: Locale, trigger: CaseSummary["trigger"], requestedBy?: string): Promise<SummaryResult> {
    const { assist } = this.deps;
    if (!assist.enabled("caseSummary")) return { ok: false, reason: "off" };
    const lines = transcriptLines(await this.deps.store.messagesAfter(sessionId, 0));
    if (lines.length === 0) return { ok: false, reason: "empty_transcript" };
    const prompt = summaryPrompt(lines, locale);
    const asked = await askModel(assist, {
      purpose: "case_summary",
      sessionId,
      ...prompt,
      schema: summaryOutputSchema,
      maxOutputTokens: 800,
      timeoutMs: assist.summaryTimeoutMs,
    });
    const audit: AuditDraft[] = [asked.event];
    let summary: CaseSummary | undefined;
    if (asked.ok) {
      const kept = keepCitedClaims(asked.value, new Set(lines.map((l) => l.line)));
      summary = { locale, ...kept, model: assist.llm.model, trigger, at: this.deps.clock.now().toISOString() };
      audit.push({ type: "assist.summary", payload: { ...summary, requestedBy: requestedBy ?? null } as unknown as Json });
    }
    await this.deps.staff.commitStaffTurn(sessionId, `assist:summary:${this.deps.ids.newId()}`, (session) => ({ session, messages: [], audit }));
    if (summary) this.deps.onStored?.(sessionId);
    return summary ? { ok: true, summary } : { ok: false, reason: asked.ok ? "invalid" : asked.failure };
  }

  /** The session's latest summary, if one was made. */
  async latest(sessionId: string): Promise<CaseSummary | undefined> {
    let found: unknown;
    for (let after = 0; ;) {
      const page = await this.deps.audit.readAuditEvents(sessionId, after, 1000);
      for (const event of page) if (event.type === "assist.summary") found = event.payload;
      if (page.length < 1000) break;
      after = page.at(-1)!.seq;
    }
    const parsed = storedSchema.safeParse(found);
    return parsed.success ? parsed.data : undefined;
  }
}
