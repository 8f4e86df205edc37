import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  compileFlow,
  flowSchema,
  parseAnswer,
  resolverOf,
  sessionQuestion,
  sessionResult,
  startSession,
  answerSession,
  type CompiledFlow,
  type Flow,
  type FlowResolver,
  type Locale,
  type SessionState,
  type TriageResult,
} from "../../flows/index.js";

export const LIBRARY_DIR = join(import.meta.dirname, "../../flows/library");

/** Reads every shipped flow file (raw JSON, not yet validated). */
export function readLibraryFiles(): { file: string; json: unknown }[] {
  return readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8")) }));
}

/** Parses and compiles every shipped flow; throws on a schema error (the validator tests say which). */
export function compiledLibrary(): CompiledFlow[] {
  return readLibraryFiles().map(({ json }) => compileFlow(flowSchema.parse(json) as Flow));
}

let cached: FlowResolver | undefined;
export function libraryResolver(): FlowResolver {
  cached ??= resolverOf(compiledLibrary());
  return cached;
}

/** A raw answer per question id, as a patient would give it (button value or typed text). */
export type ScenarioAnswers = Record<string, unknown>;

export interface ScenarioRun {
  result: TriageResult | undefined;
  /** Question ids asked, in order, across chained flows. */
  asked: string[];
  /** Flow slugs the session went through. */
  flows: string[];
  state: SessionState;
}

/**
 * Runs a flow (following handovers) answering each question from `answers` by its id.
 * Fails loudly when a question has no scripted answer or the answer does not parse: a scenario
 * must say exactly what the patient said.
 */
export function runScenario(slug: string, answers: ScenarioAnswers, resolver = libraryResolver()): ScenarioRun {
  let state = startSession(resolver, slug);
  const asked: string[] = [];
  for (let guard = 0; guard < 200; guard++) {
    const { question } = sessionQuestion(resolver, state);
    if (!question) break;
    if (!(question.id in answers)) {
      throw new Error(`scenario for ${slug} has no answer for question "${question.id}" (asked so far: ${asked.join(", ")})`);
    }
    const parsed = parseAnswer(question, answers[question.id]);
    if (!parsed.ok) throw new Error(`scenario answer for "${question.id}" does not parse: ${JSON.stringify(parsed.problem)}`);
    asked.push(question.id);
    state = answerSession(resolver, state, question.id, parsed.value);
  }
  return { result: sessionResult(resolver, state), asked, flows: state.frames.map((f) => f.slug), state };
}

/** The reason texts of a result in one locale (for assertions that read like the clinician's view). */
export function reasonTexts(result: TriageResult | undefined, locale: Locale): string[] {
  return (result?.reasons ?? []).map((r) => r.text[locale] ?? "");
}
