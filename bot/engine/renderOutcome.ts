import { DEFAULT_URGENCY_LABELS, type CompiledFlow, type Locale, type TriageResult } from "../../flows/index.js";
import type { ChatBody, EmergencyNumber, OutcomeView } from "./chatMessage.js";
import { opensCase, slaMinutesFor } from "./decideHandoff.js";
import { textsFor } from "./engineTexts.js";
import { localText } from "./localText.js";
import type { EngineConfig } from "./turnContext.js";

/** Given the configuration and a locale, returns the deployment's emergency numbers with labels in that locale. */
export function emergencyNumbersIn(config: EngineConfig, locale: Locale): EmergencyNumber[] {
  return config.emergencyNumbers.map((n) => ({ number: n.number, label: n.label[locale] }));
}

/** "15 or 112" in the locale, for sentences. */
export function numbersInWords(config: EngineConfig, locale: Locale): string {
  return textsFor(locale).joinNumbers(config.emergencyNumbers.map((n) => n.number));
}

/** The message shown first, before anything else, on an EMERGENCY outcome. */
export function renderEmergency(config: EngineConfig, locale: Locale): Extract<ChatBody, { kind: "emergency" }> {
  return { kind: "emergency", text: textsFor(locale).callNow(numbersInWords(config, locale)), numbers: emergencyNumbersIn(config, locale) };
}

/** Given the flow that decided, its result, the locale and the configuration, returns the outcome card. */
export function renderOutcome(compiled: CompiledFlow, result: TriageResult, locale: Locale, config: EngineConfig): OutcomeView {
  const t = textsFor(locale);
  const node = compiled.nodes.get(result.outcome);
  const outcome = node?.kind === "outcome" ? node : undefined;
  const label =
    compiled.flow.urgencyLabels?.[result.urgency]?.[locale] ??
    config.urgencyLabels?.[result.urgency]?.[locale] ??
    DEFAULT_URGENCY_LABELS[result.urgency][locale];
  const wait = opensCase(result.urgency) ? t.formatWait(slaMinutesFor(config, result.urgency)) : undefined;
  const view: OutcomeView = {
    urgency: result.urgency,
    urgencyLabel: label,
    routing: result.routing,
    title: localText(outcome?.title, locale),
    nextSteps: t.nextSteps[result.routing]({ numbers: numbersInWords(config, locale), ...(wait ? { wait } : {}) }),
    advice: localText(outcome?.advice, locale),
  };
  if (outcome?.safetyNet) view.safetyNet = localText(outcome.safetyNet, locale);
  if (result.urgency === "EMERGENCY") view.emergencyNumbers = emergencyNumbersIn(config, locale);
  // The mental-health flow's outcomes and every flow's mental-health emergency show the crisis lines.
  const mentalHealth = compiled.flow.slug === "mental-health" || result.outcome.includes("mental_health");
  if (mentalHealth && config.crisisLines?.length) view.crisisLines = config.crisisLines.map((n) => ({ number: n.number, label: n.label[locale] }));
  return view;
}
