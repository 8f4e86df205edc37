import type { Flow } from "../../flows/index.js";
import { buildFlow } from "../fixtures/buildFlow.js";

/** A flow of three readable questions (a duration, a temperature, a single choice), each able to change the outcome: what typed-value tests play. */
export function typedFlow(): Flow {
  return buildFlow({
    slug: "typed-test",
    title: { fr: "Valeurs saisies", en: "Typed values" },
    start: "since",
    nodes: [
      {
        id: "since",
        kind: "question",
        type: "duration",
        text: { fr: "Depuis combien de temps ?", en: "How long has it been going on?" },
        next: { default: "temperature" },
      },
      {
        id: "temperature",
        kind: "question",
        type: "number",
        text: { fr: "Quelle température ?", en: "What is your temperature?" },
        unit: { symbol: "°C", label: { fr: "°C", en: "°C" } },
        min: 34,
        max: 43,
        next: { default: "breathless" },
      },
      {
        id: "breathless",
        kind: "question",
        type: "single_choice",
        text: { fr: "Êtes-vous essoufflé(e) ?", en: "Are you short of breath?" },
        options: [
          { value: "at_rest", label: { fr: "Oui, même au repos", en: "Yes, even at rest" } },
          { value: "on_exertion", label: { fr: "Oui, à l'effort seulement", en: "Yes, only on exertion" } },
          { value: "no", label: { fr: "Non", en: "No" } },
        ],
        next: { default: "decide" },
      },
      // Every answer can change the outcome, so none is skipped as needless.
      {
        id: "decide",
        kind: "decision",
        rules: [
          {
            id: "breathless_at_rest",
            when: { "==": [{ var: "breathless" }, "at_rest"] },
            outcome: "soon",
            reason: { fr: "Essoufflé au repos", en: "Breathless at rest" },
          },
          { id: "high_fever", when: { ">=": [{ var: "temperature" }, 39] }, outcome: "soon", reason: { fr: "Fièvre", en: "Fever" } },
          { id: "long", when: { ">": [{ var: "since" }, 168] }, outcome: "soon", reason: { fr: "Long", en: "Long" } },
          { id: "exertion", when: { "==": [{ var: "breathless" }, "on_exertion"] }, outcome: "done", reason: { fr: "Effort", en: "Exertion" } },
        ],
        otherwise: { id: "mild", outcome: "done", reason: { fr: "Léger", en: "Mild" } },
      },
      {
        id: "soon",
        kind: "outcome",
        urgency: "SOON",
        routing: "same_day_teleconsultation",
        title: { fr: "Aujourd'hui", en: "Today" },
        advice: { fr: "Conseil", en: "Advice" },
      },
      {
        id: "done",
        kind: "outcome",
        urgency: "ROUTINE",
        routing: "routine_teleconsultation",
        title: { fr: "Fin", en: "Done" },
        advice: { fr: "Conseil", en: "Advice" },
      },
    ],
  });
}
