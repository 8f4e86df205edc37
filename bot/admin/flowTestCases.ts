import { z } from "zod";
import { localeSchema, routingSchema, urgencySchema, type FlowResolver } from "../../flows/index.js";
import type { Json } from "../engine/ports.js";
import type { EngineConfig } from "../engine/turnContext.js";
import type { StoredAuditEvent } from "../store/auditLog.js";
import { simulateDraft } from "./simulateDraft.js";

/*
 * A flow's test cases: simulated conversations saved with the urgency and routing they must reach.
 * They live in the admin audit stream (`flow.test_case_saved` / `flow.test_case_deleted`), so
 * every change to them is already an audited, hash-chained event with its author; the current set
 * is what those events add up to.
 */

export const TEST_CASE_SAVED = "flow.test_case_saved";
export const TEST_CASE_DELETED = "flow.test_case_deleted";

const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const flowTestCaseSchema = z.object({
  id: z.string().min(1).max(80),
  slug: z.string().min(1),
  name: z.string().min(1).max(200),
  locale: localeSchema,
  answers: z.array(z.object({ questionId: z.string().min(1), value: answerValue })).max(200),
  expected: z.object({ urgency: urgencySchema, routing: routingSchema }),
});
export type FlowTestCase = z.infer<typeof flowTestCaseSchema>;

export interface TestCaseResult {
  id: string;
  name: string;
  ok: boolean;
  expected: FlowTestCase["expected"];
  /** What the flow reached; absent when the conversation did not end. */
  actual?: { urgency: string; routing: string; outcome: string };
  problem?: string;
}

/** Given the admin stream's events (in order), returns the current test cases of `slug`. */
export function testCasesOf(events: readonly StoredAuditEvent[], slug: string): FlowTestCase[] {
  const cases = new Map<string, FlowTestCase>();
  for (const event of events) {
    const details = (event.payload as { details?: unknown } | null)?.details as { slug?: unknown; testCase?: unknown; id?: unknown } | undefined;
    if (!details || details.slug !== slug) continue;
    if (event.type === TEST_CASE_SAVED) {
      const parsed = flowTestCaseSchema.safeParse(details.testCase);
      if (parsed.success) cases.set(parsed.data.id, parsed.data);
    } else if (event.type === TEST_CASE_DELETED && typeof details.id === "string") cases.delete(details.id);
  }
  return [...cases.values()];
}

/** The audit payload details of a saved test case. */
export function savedTestCaseDetails(testCase: FlowTestCase): Json {
  return { slug: testCase.slug, testCase: testCase as unknown as Json };
}

/** Given a resolver holding the flow to test as its slug's latest, runs one case through the pure engine. */
export function runTestCase(resolver: FlowResolver, config: EngineConfig, testCase: FlowTestCase, now: Date): TestCaseResult {
  const base = { id: testCase.id, name: testCase.name, expected: testCase.expected };
  let simulation;
  try {
    simulation = simulateDraft({ resolver, config, flow: testCase.slug, locale: testCase.locale, answers: testCase.answers, now });
  } catch (error) {
    return { ...base, ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  if (!simulation.result) {
    const where = simulation.refused ? `answer to ${simulation.refused.questionId} refused` : `stopped at ${simulation.currentNode ?? "?"}`;
    return { ...base, ok: false, problem: `the conversation does not reach an outcome (${where})` };
  }
  const { urgency, routing, outcome } = simulation.result;
  const ok = urgency === testCase.expected.urgency && routing === testCase.expected.routing;
  const result: TestCaseResult = { ...base, ok, actual: { urgency, routing, outcome } };
  if (!ok) result.problem = `expected ${testCase.expected.urgency} / ${testCase.expected.routing}, reached ${urgency} / ${routing} (${outcome})`;
  return result;
}

/** Runs every case; returns their results in order. */
export function runTestCases(resolver: FlowResolver, config: EngineConfig, cases: readonly FlowTestCase[], now: Date): TestCaseResult[] {
  return cases.map((testCase) => runTestCase(resolver, config, testCase, now));
}
