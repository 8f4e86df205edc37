import type { Flow } from "../../flows/index.js";
import { buildFlow, outcomeNode, questionNode } from "../fixtures/buildFlow.js";

/** A flow of three readable questions (a duration, a temperature, a single choice), each able to change the outcome: what typed-value tests play. */
export function typedFlow(): Flow {
  return buildFlow({
    slug: "typed-test",
    title: { fr: "Valeurs saisies", en: "Typed values" },
    start: "since",
    nodes: [
      questionNode("since", { fr: "Depuis combien de temps ?", en: "How long has it been going on?" }, "temperature", {
        type: "duration",
      }),
      questionNode("temperature", { fr: "Quelle température ?", en: "What is your temperature?" }, "breathless", {
        type: "number",
        unit: { symbol: "°C", label: { fr: "°C", en: "°C" } },
        min: 34,
        max: 43,
      }),
      questionNode("breathless", { fr: "Êtes-vous essoufflé(e) ?", en: "Are you short of breath?" }, "decide", {
        type: "single_choice",
        options: [
          { value: "at_rest", label: { fr: "Oui, même au repos", en: "Yes, even at rest" } },
          { value: "on_exertion", label: { fr: "Oui, à l'effort seulement", en: "Yes, only on exertion" } },
          { value: "no", label: { fr: "Non", en: "No" } },
        ],
      }),
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
      outcomeNode("soon", "SOON", { title: { fr: "Aujourd'hui", en: "Today" }, advice: { fr: "Conseil", en: "Advice" } }),
      outcomeNode("done", "ROUTINE", { title: { fr: "Fin", en: "Done" }, advice: { fr: "Conseil", en: "Advice" } }),
    ],
  });
}
