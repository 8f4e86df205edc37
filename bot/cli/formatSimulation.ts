import { DEFAULT_URGENCY_LABELS, describeAnswer, type AnswerProblem, type Flow, type Locale, type LocalizedText } from "../../flows/index.js";
import { skippedQuestions } from "../admin/skippedQuestions.js";
import type { Simulation, SimulationStop } from "./runSimulation.js";

/** Text in the wanted locale, else in the first one available. */
function inLocale(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return text[locale] ?? Object.values(text).find((t) => t !== undefined) ?? "";
}

function describeProblem(problem: AnswerProblem): string {
  switch (problem.code) {
    case "unknown_option":
      return `unknown_option ("${problem.given}" is not one of the options)`;
    case "out_of_range":
      return `out_of_range (must be between ${problem.min} and ${problem.max})`;
    case "too_long":
      return `too_long (at most ${problem.max} characters)`;
    default:
      return problem.code;
  }
}

/** Given why a simulation stopped, returns one sentence naming the question. */
export function describeStop(stop: SimulationStop, simulation: Simulation, locale: Locale): string {
  if (stop.code === "runtime") return stop.message;
  const question = questionText(simulation, stop.question, locale);
  const asked = question ? ` ("${question}")` : "";
  if (stop.code === "missing-answer") return `no answer given for question "${stop.question}"${asked}`;
  return `the answer ${JSON.stringify(stop.given)} to question "${stop.question}"${asked} does not parse: ${describeProblem(stop.problem)}`;
}

/** The text of a question of the session's flows (the running flow first). */
function questionText(simulation: Simulation, id: string, locale: Locale): string | undefined {
  for (const frame of [...simulation.state.frames].reverse()) {
    const node = simulation.resolver.exact(frame.slug, frame.version)?.nodes.get(id);
    if (node?.kind === "question") return inLocale(node.text, locale);
  }
  return undefined;
}

/** The transcript: what each flow showed (information, questions), what the patient answered, and what question economy did not ask. */
export function transcriptLines(simulation: Simulation, locale: Locale): string[] {
  const lines: string[] = [];
  const skipped = skippedQuestions(simulation.resolver, simulation.state, locale);
  for (const frame of simulation.state.frames) {
    const compiled = simulation.resolver.exact(frame.slug, frame.version);
    if (!compiled) continue;
    lines.push(`== ${frame.slug} v${frame.version}: ${inLocale(compiled.flow.title, locale)}`);
    const { answers } = frame.snapshot.context;
    for (const id of frame.snapshot.context.trail) {
      const node = compiled.nodes.get(id);
      if (node?.kind === "info") lines.push(`   ${inLocale(node.text, locale)}`);
      if (node?.kind !== "question") continue;
      lines.push(`?  ${inLocale(node.text, locale)}`);
      const value = answers[id];
      if (value !== undefined && frame.snapshot.context.answered.includes(id)) {
        lines.push(`>  ${inLocale(describeAnswer(node, value, [locale]), locale)}`);
      }
    }
    for (const s of skipped.filter((q) => q.flow === frame.slug)) lines.push(`-  ${s.question}`, `   (${s.reason})`);
  }
  return lines;
}

function urgencyLabel(flow: Flow, urgency: keyof typeof DEFAULT_URGENCY_LABELS, locale: Locale): string {
  return inLocale(flow.urgencyLabels?.[urgency], locale) || DEFAULT_URGENCY_LABELS[urgency][locale];
}

/** The transcript then the result (urgency, routing, outcome texts, reasons with the answers they read). */
export function simulationText(simulation: Simulation, locale: Locale): string {
  const lines = transcriptLines(simulation, locale);
  const { result } = simulation;
  const last = simulation.state.frames[simulation.state.frames.length - 1];
  const compiled = last && simulation.resolver.exact(last.slug, last.version);
  if (result && compiled) {
    const outcome = compiled.nodes.get(result.outcome);
    lines.push("", `Urgency: ${result.urgency} (${urgencyLabel(compiled.flow, result.urgency, locale)})`, `Routing: ${result.routing}`);
    if (outcome?.kind === "outcome") {
      lines.push(`Outcome: ${outcome.id}: ${inLocale(outcome.title, locale)}`, `Advice: ${inLocale(outcome.advice, locale)}`);
      if (outcome.safetyNet) lines.push(`Safety net: ${inLocale(outcome.safetyNet, locale)}`);
    }
    if (result.redFlag) lines.push(`Red flag: ${result.redFlag}`);
    lines.push("Reasons:");
    for (const reason of result.reasons) {
      const read = reason.answers.map((a) => `${inLocale(a.question, locale)} = ${inLocale(a.display, locale)}`).join("; ");
      lines.push(`  - ${inLocale(reason.text, locale)} [${reason.kind} ${reason.flow}/${reason.rule}]${read ? ` (${read})` : ""}`);
    }
  }
  if (simulation.stop) lines.push("", `Stopped: ${describeStop(simulation.stop, simulation, locale)}`);
  return `${lines.join("\n")}\n`;
}

/** The `--json` form: one object, with `error` (and no result) when the simulation stopped early. */
export function simulationJson(simulation: Simulation, flow: Flow, locale: Locale): Record<string, unknown> {
  const { result } = simulation;
  const base = {
    slug: flow.slug,
    version: flow.version,
    locale,
    flows: simulation.state.frames.map((f) => `${f.slug}@${f.version}`),
    asked: simulation.asked,
    skipped: skippedQuestions(simulation.resolver, simulation.state, locale).map((s) => ({ flow: s.flow, id: s.questionId, reason: s.code, text: s.reason })),
  };
  if (!result || simulation.stop) {
    return { ...base, error: simulation.stop ? describeStop(simulation.stop, simulation, locale) : "no outcome", stop: simulation.stop ?? null };
  }
  return {
    ...base,
    urgency: result.urgency,
    routing: result.routing,
    outcome: result.outcome,
    redFlag: result.redFlag ?? null,
    reasons: result.reasons.map((r) => ({
      flow: r.flow,
      rule: r.rule,
      kind: r.kind,
      text: inLocale(r.text, locale),
      answers: r.answers.map((a) => ({ id: a.id, question: inLocale(a.question, locale), value: a.value, display: inLocale(a.display, locale) })),
    })),
  };
}
