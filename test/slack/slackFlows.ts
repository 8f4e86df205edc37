import type { Flow } from "../../flows/schema/flowSchema.js";
import { buildFlow, IF_WORSE_CALL, outcomeNode } from "../fixtures/buildFlow.js";

/** A one-question flow whose "yes" is URGENT (a case for the clinicians' channel), "no" self-care. */
export function urgentFlow(): Flow {
  return buildFlow({
    slug: "urgent-test",
    title: { fr: "Test urgent", en: "Urgent test" },
    start: "bad",
    nodes: [
      { id: "bad", kind: "question", type: "yes_no", text: { fr: "C'est grave ?", en: "Is it bad?" }, next: { default: "decide" } },
      {
        id: "decide",
        kind: "decision",
        rules: [
          {
            id: "bad_yes",
            when: { "==": [{ var: "bad" }, true] },
            outcome: "urgent",
            reason: { fr: "Le patient dit que c'est grave", en: "The patient says it is bad" },
          },
        ],
        otherwise: { id: "fine", outcome: "self_care", reason: { fr: "Rien", en: "Nothing" } },
      },
      outcomeNode("urgent", "URGENT", {
        title: { fr: "Urgent", en: "Urgent" },
        advice: { fr: "Restez joignable", en: "Stay reachable" },
        safetyNet: { fr: "Si ça empire, appelez le 15", en: "If worse, call 15" },
      }),
      outcomeNode("self_care", "SELF_CARE", { title: { fr: "Soins", en: "Self-care" }, advice: { fr: "Reposez-vous", en: "Rest" }, safetyNet: IF_WORSE_CALL }),
    ],
  });
}
