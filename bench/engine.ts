import { performance } from "node:perf_hooks";
import type { Locale } from "../flows/index.js";
import { MemoryBus } from "../bot/bus/memoryBus.js";
import type { QuestionView } from "../bot/engine/chatMessage.js";
import { ConversationService } from "../bot/engine/conversationService.js";
import type { CommittedTurn, InboundEvent, Store } from "../bot/engine/ports.js";
import { systemClock } from "../bot/engine/systemClock.js";
import { systemIds } from "../bot/engine/systemIds.js";
import type { EngineConfig } from "../bot/engine/turnContext.js";
import { harmlessAnswer } from "../test/flows/randomAnswer.js";

export interface EngineBenchOptions {
  /** The store under test (the real one from bench/run.ts, or a MemoryStore); `flow` must be published in it. */
  store: Store;
  /** Sessions driven concurrently. */
  sessions: number;
  /** Turns per session, the start included; once a session has ended, turns switch its language. */
  turnsPerSession: number;
  flow?: string;
  locale?: Locale;
  config?: EngineConfig;
}

export interface EngineBenchResult {
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  turns: number;
  elapsedMs: number;
}

const BENCH_CONFIG: EngineConfig = {
  emergencyNumbers: [{ number: "15", label: { fr: "SAMU", en: "SAMU" } }],
  slaMinutes: { EMERGENCY: 5, URGENT: 15, SOON: 240 },
};

function pendingQuestion(turn: CommittedTurn): QuestionView | undefined {
  const last = turn.messages.filter((m) => m.author === "bot").at(-1)?.body;
  return last?.kind === "question" ? last.question : undefined;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Given a store, drives ConversationService with `sessions` concurrent sessions of
 * `turnsPerSession` turns each (start, answers, then language switches) and returns throughput
 * and per-turn latency (commit included, as a patient would wait for it).
 */
export async function benchEngine(options: EngineBenchOptions): Promise<EngineBenchResult> {
  const flow = options.flow ?? "general";
  const locale = options.locale ?? "fr";
  if (!(await options.store.latestFlowVersion(flow))) throw new Error(`benchEngine: flow "${flow}" is not published in the store`);
  const service = new ConversationService({
    store: options.store,
    bus: new MemoryBus(),
    clock: systemClock,
    ids: systemIds,
    config: options.config ?? BENCH_CONFIG,
  });
  const latencies: number[] = [];
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const begin = performance.now();
    const result = await run();
    latencies.push(performance.now() - begin);
    return result;
  };

  const runSession = async (n: number) => {
    const started = await timed(() => service.start({ flow, locale, channel: "bench", clientMessageId: `bench-${n}-0` }));
    let question = pendingQuestion(started.turn);
    let current: Locale = locale;
    for (let t = 1; t < options.turnsPerSession; t++) {
      let event: InboundEvent;
      if (question) event = { type: "answer", value: harmlessAnswer(question) };
      else {
        current = current === "fr" ? "en" : "fr";
        event = { type: "set_locale", locale: current };
      }
      const turn = await timed(() => service.send(started.sessionId, `bench-${n}-${t}`, event));
      question = pendingQuestion(turn);
    }
  };

  const begin = performance.now();
  await Promise.all(Array.from({ length: options.sessions }, (_, n) => runSession(n)));
  const elapsedMs = performance.now() - begin;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    turnsPerSec: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    turns: latencies.length,
    elapsedMs,
  };
}
