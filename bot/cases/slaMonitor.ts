import type { Clock } from "../engine/ports.js";
import { asTriageError } from "../errors.js";
import type { Logger } from "../logger.js";
import { oncallAlert } from "../notify/oncallAlert.js";
import { DEFAULT_WEBHOOK_RETRY, postWebhook, type WebhookResult, type WebhookRetry } from "../notify/postWebhook.js";
import type { CaseService } from "./caseService.js";
import type { CaseStore } from "./caseStore.js";

export interface SlaMonitorDeps {
  cases: Pick<CaseStore, "dueForBreach">;
  service: Pick<CaseService, "markBreached">;
  clock: Clock;
  /** ONCALL_WEBHOOK_URL; without it breaches are still marked, told to the patient and audited. */
  webhookUrl?: string;
  /** Base of the console link in the alert (PUBLIC_URL). */
  consoleBaseUrl: string;
  intervalMs?: number;
  retry?: WebhookRetry;
  logger?: Pick<Logger, "info" | "warn" | "error">;
}

/** Cases handled per tick: a backlog drains over a few ticks instead of one long one. */
const BATCH = 50;

/**
 * Watches hand-off deadlines: every interval, each open case past its SLA that nobody took is
 * marked breached (once across instances: a conditional update), the patient is told what to do
 * meanwhile, and the on-call webhook is POSTed (retried with back-off, in the background).
 * Timers are the global ones, so tests drive it with fake timers.
 */
export class SlaMonitor {
  readonly #deps: SlaMonitorDeps;
  readonly #deliveries = new Set<Promise<WebhookResult>>();
  readonly #abort = new AbortController();
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking: Promise<number> | undefined;

  constructor(deps: SlaMonitorDeps) {
    this.#deps = deps;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.#deps.intervalMs ?? 15_000);
    this.#timer.unref?.();
  }

  /** Checks deadlines now; resolves with how many cases this call marked breached. A tick already running is shared. */
  tick(): Promise<number> {
    this.#ticking ??= this.#tick().finally(() => (this.#ticking = undefined));
    return this.#ticking;
  }

  async #tick(): Promise<number> {
    const { cases, service, clock, logger } = this.#deps;
    let marked = 0;
    try {
      for (const found of await cases.dueForBreach(clock.now(), BATCH)) {
        if (!(await service.markBreached(found))) continue;
        marked += 1;
        logger?.warn({ caseId: found.id, urgency: found.urgency }, "console: case breached its SLA");
        this.#notify(found);
      }
    } catch (error) {
      logger?.error({ code: asTriageError(error).code, err: { message: (error as Error).message } }, "console: SLA check failed");
    }
    return marked;
  }

  #notify(found: Parameters<typeof oncallAlert>[0]): void {
    const { webhookUrl, consoleBaseUrl, clock, retry, logger } = this.#deps;
    if (!webhookUrl) return;
    const delivery = postWebhook(webhookUrl, oncallAlert(found, clock.now(), consoleBaseUrl), retry ?? DEFAULT_WEBHOOK_RETRY, this.#abort.signal);
    this.#deliveries.add(delivery);
    void delivery.then((result) => {
      this.#deliveries.delete(delivery);
      if (result.delivered) logger?.info({ caseId: found.id, attempts: result.attempts }, "console: on-call webhook delivered");
      else
        logger?.error(
          { caseId: found.id, attempts: result.attempts, status: result.status ?? null, error: result.error ?? null },
          "console: on-call webhook failed",
        );
    });
  }

  /** Resolves once every webhook delivery under way has finished (tests; graceful shutdown). */
  async settled(): Promise<void> {
    while (this.#deliveries.size > 0) await Promise.allSettled([...this.#deliveries]);
  }

  /** Stops the timer, cuts retries short and waits for the tick and deliveries under way. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    await this.#ticking;
    await this.settled();
  }
}
