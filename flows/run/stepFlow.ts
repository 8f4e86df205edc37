import { createActor, type AnyActorScope } from "xstate";
import type { CompiledFlow, TriageMachine } from "../compile/compileFlow.js";
import type { AnswerValue, FlowContext, FlowEvent, FlowSnapshot } from "../compile/flowContext.js";
import type { Question } from "../schema/flowSchema.js";
import { skipReason } from "./questionEconomy.js";

function persist(snapshot: { value: unknown; status: string; context: unknown }): FlowSnapshot {
  if (typeof snapshot.value !== "string") throw new Error("triage machines are flat: a state value is a node id");
  if (snapshot.status !== "active" && snapshot.status !== "done") throw new Error(`unexpected machine status ${snapshot.status}`);
  // A JSON round-trip keeps the stored form free of shared references with the live context.
  return JSON.parse(JSON.stringify({ value: snapshot.value, status: snapshot.status, context: snapshot.context }));
}

/*
 * XState's pure transition() and initialTransition() build a new inert actor for every call, and
 * its constructor computes the machine's initial state: on a patient turn that was about a third
 * of the engine's allocation and most of what outlived the turn (promoted garbage, so more major
 * collections). They then call the machine's own transition with that scope, and so do we, with
 * one inert scope per machine. Safe to share because triage machines only guard and
 * assign: nothing spawns, sends, emits or defers, and the actions a pure transition would hand
 * back for execution are none (and were ignored before too).
 */
const inertScopes = new WeakMap<TriageMachine, AnyActorScope>();
const ignore = () => {};

function inertScope(machine: TriageMachine): AnyActorScope {
  let scope = inertScopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: {} }); // never started: the scope's required `self`, nothing runs
    scope = { self, id: "", sessionId: "", logger: ignore, defer: ignore, emit: ignore, system: self.system, stopChild: ignore, actionExecutor: ignore };
    inertScopes.set(machine, scope);
  }
  return scope;
}

/** Given a compiled flow and answers carried from a previous flow, returns the first snapshot (pure). */
export function startFlow(compiled: CompiledFlow, carried: Record<string, AnswerValue> = {}): FlowSnapshot {
  return skipNeedless(compiled, persist(compiled.machine.getInitialSnapshot(inertScope(compiled.machine), { carried })));
}

/** Given a stored snapshot and an already-parsed answer to the current question, returns the next snapshot (pure). */
export function answerQuestion(compiled: CompiledFlow, stored: FlowSnapshot, question: string, value: AnswerValue): FlowSnapshot {
  return skipNeedless(compiled, send(compiled, stored, { type: "ANSWER", question, value }));
}

function send(compiled: CompiledFlow, stored: FlowSnapshot, event: FlowEvent): FlowSnapshot {
  const { machine } = compiled;
  const restored = machine.resolveState({ value: stored.value, context: stored.context });
  return persist(machine.transition(restored, event, inertScope(machine)));
}

/**
 * Question economy: while the flow waits on a question whose answer cannot change the outcome,
 * skips it (recorded in the context with its reason), so the patient is asked only what matters.
 * Deterministic: a replay of the same answers skips the same questions.
 */
function skipNeedless(compiled: CompiledFlow, snapshot: FlowSnapshot): FlowSnapshot {
  if (!compiled.economy) return snapshot;
  for (let step = 0; step <= compiled.nodes.size; step++) {
    const question = currentQuestion(compiled, snapshot);
    if (!question) return snapshot;
    const reason = skipReason(compiled, snapshot.context, question.id);
    if (!reason) return snapshot;
    snapshot = send(compiled, snapshot, { type: "SKIP", question: question.id, reason });
  }
  return snapshot;
}

/** The question the flow waits on, or undefined once it has ended. */
export function currentQuestion(compiled: CompiledFlow, snapshot: FlowSnapshot): Question | undefined {
  if (snapshot.status === "done") return undefined;
  const node = compiled.nodes.get(snapshot.value);
  return node?.kind === "question" ? node : undefined;
}

/**
 * "Change my last answer": replays every answer but the last from the same start, so the
 * result is exactly the state the patient had before it (reasons and scores included).
 */
export function goBack(compiled: CompiledFlow, snapshot: FlowSnapshot): FlowSnapshot | undefined {
  const { answered, answers, carried } = snapshot.context;
  if (answered.length === 0) return undefined;
  return replayAnswers(
    compiled,
    pick(answers, carried),
    answered.slice(0, -1).map((id) => [id, answers[id]!] as const),
  );
}

/** Given carried answers and an ordered answer log, returns the snapshot they lead to (pure). */
export function replayAnswers(compiled: CompiledFlow, carried: Record<string, AnswerValue>, log: ReadonlyArray<readonly [string, AnswerValue]>): FlowSnapshot {
  let snapshot = startFlow(compiled, carried);
  for (const [question, value] of log) snapshot = answerQuestion(compiled, snapshot, question, value);
  return snapshot;
}

function pick(answers: FlowContext["answers"], ids: string[]): Record<string, AnswerValue> {
  return Object.fromEntries(ids.filter((id) => answers[id] !== undefined).map((id) => [id, answers[id]!]));
}
