import { evaluateCondition, parseAnswer, variablesOf, type AnswerValue, type Flow, type Question } from "../../../flows/index.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/*
 * Red-flag cases generated from a flow's data by trying every reply a question accepts, shared by
 * the breathing and fever flow tests. The red-flag tests built on them are never loosened.
 */

function questionOf(flow: Flow, id: string): Question {
  const node = flow.nodes.find((n) => n.id === id);
  if (node?.kind !== "question") throw new Error(`${flow.slug} has no question ${id}`);
  return node;
}

export interface RedFlagCase {
  flag: string;
  question: string;
  answer: unknown;
}

/** Every reply a question accepts (numbers across their whole range), as a patient would give it. */
function possibleReplies(q: Question, durations: string[]): unknown[] {
  switch (q.type) {
    case "yes_no":
      return ["yes", "no"];
    case "single_choice":
      return q.options.map((o) => o.value);
    case "multiple_choice":
      return q.options.filter((o) => o.value !== q.noneOption).map((o) => [o.value]);
    case "number": {
      const step = q.integer ? 1 : 0.1;
      const values: number[] = [];
      for (let i = 0; q.min + i * step <= q.max + 1e-9; i++) values.push(Math.round((q.min + i * step) * 10) / 10);
      return values;
    }
    case "scale":
      return Array.from({ length: 11 }, (_, i) => i);
    case "duration":
      return durations;
    case "free_text":
      return [];
  }
}

/** The path's answers, typed as the flow stores them. */
function typedAnswers(flow: Flow, answers: ScenarioAnswers): Record<string, AnswerValue> {
  const typed: Record<string, AnswerValue> = {};
  for (const [id, raw] of Object.entries(answers)) {
    const parsed = parseAnswer(questionOf(flow, id), raw);
    if (parsed.ok) typed[id] = parsed.value;
  }
  return typed;
}

/** For numbers, the values where the red flag starts to hold and the extreme of the range; every value otherwise. */
function keepBoundaries(q: Question, holding: unknown[]): unknown[] {
  if (q.type !== "number") return holding;
  const nums = holding as number[];
  const step = q.integer ? 1 : 0.1;
  const has = (n: number) => nums.some((m) => Math.abs(m - n) < 1e-9);
  return nums.filter((n, i) => !has(n - step) || !has(n + step) || i === 0 || i === nums.length - 1);
}

/**
 * One case per (red flag, question it reads, reply that makes it hold at the end of `path`), found by
 * trying every reply the question accepts; `durations` are the typed durations worth trying.
 */
export function redFlagCasesOf(flow: Flow, path: ScenarioAnswers, durations: string[]): RedFlagCase[] {
  return flow.redFlags.flatMap((rf) =>
    variablesOf(rf.when).flatMap((id) => {
      const q = questionOf(flow, id);
      const context = typedAnswers(flow, path);
      const holding = possibleReplies(q, durations).filter((reply) => {
        const parsed = parseAnswer(q, reply);
        return parsed.ok && evaluateCondition(rf.when, { ...context, [id]: parsed.value });
      });
      return keepBoundaries(q, holding).map((answer) => ({ flag: rf.id, question: id, answer }));
    }),
  );
}
