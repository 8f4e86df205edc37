import type { Flow } from "../../flows/index.js";
import { buildFlow, decisionNode, outcomeNode, questionNode, t, options } from "../fixtures/buildFlow.js";

const CELSIUS = { symbol: "°C", label: t("°C", "°C") };

/** A flow of three readable questions (a duration, a temperature, a single choice), each able to change the outcome: what typed-value tests play. */
export function typedFlow(): Flow {
  return buildFlow({ slug: "typed-test", title: t("Valeurs saisies", "Typed values"), start: "since" }, [
    questionNode("since", t("Depuis combien de temps ?", "How long has it been going on?"), "temperature", { type: "duration" }),
    questionNode("temperature", t("Quelle température ?", "What is your temperature?"), "breathless", { type: "number", unit: CELSIUS, min: 34, max: 43 }),
    questionNode("breathless", t("Êtes-vous essoufflé(e) ?", "Are you short of breath?"), "decide", {
      type: "single_choice",
      options: options(
        ["at_rest", "Oui, même au repos", "Yes, even at rest"],
        ["on_exertion", "Oui, à l'effort seulement", "Yes, only on exertion"],
        ["no", "Non", "No"],
      ),
    }),
    // Every answer can change the outcome, so none is skipped as needless.
    decisionNode("decide", { id: "mild", outcome: "done", reason: t("Léger", "Mild") }, [
      { id: "breathless_at_rest", when: { "==": [{ var: "breathless" }, "at_rest"] }, outcome: "soon", reason: t("Essoufflé au repos", "Breathless at rest") },
      { id: "high_fever", when: { ">=": [{ var: "temperature" }, 39] }, outcome: "soon", reason: t("Fièvre", "Fever") },
      { id: "long", when: { ">": [{ var: "since" }, 168] }, outcome: "soon", reason: t("Long", "Long") },
      { id: "exertion", when: { "==": [{ var: "breathless" }, "on_exertion"] }, outcome: "done", reason: t("Effort", "Exertion") },
    ]),
    outcomeNode("soon", "SOON", { title: t("Aujourd'hui", "Today"), advice: t("Conseil", "Advice") }),
    outcomeNode("done", "ROUTINE", { title: t("Fin", "Done"), advice: t("Conseil", "Advice") }),
  ]);
}
