import type { Flow } from "../../flows/schema/flowSchema.js";
import { buildFlow, decisionNode, IF_WORSE_CALL, outcomeNode, t, yesNoNode } from "../fixtures/buildFlow.js";

/** A one-question flow whose "yes" is URGENT (a case for the clinicians' channel), "no" self-care. */
export function urgentFlow(): Flow {
  return buildFlow({ slug: "urgent-test", title: t("Test urgent", "Urgent test"), start: "bad" }, [
    yesNoNode("bad", t("C'est grave ?", "Is it bad?"), "decide"),
    decisionNode("decide", { id: "fine", outcome: "self_care", reason: t("Rien", "Nothing") }, [
      { id: "bad_yes", when: { "==": [{ var: "bad" }, true] }, outcome: "urgent", reason: t("Le patient dit que c'est grave", "The patient says it is bad") },
    ]),
    outcomeNode("urgent", "URGENT", {
      title: t("Urgent", "Urgent"),
      advice: t("Restez joignable", "Stay reachable"),
      safetyNet: t("Si ça empire, appelez le 15", "If worse, call 15"),
    }),
    outcomeNode("self_care", "SELF_CARE", { title: t("Soins", "Self-care"), advice: t("Reposez-vous", "Rest"), safetyNet: IF_WORSE_CALL }),
  ]);
}
