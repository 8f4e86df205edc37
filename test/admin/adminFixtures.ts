import { readFileSync } from "node:fs";
import { flowSchema, type Flow } from "../../flows/index.js";
import { addOutcome, addQuestion } from "../../bot/admin/editFlowNode.js";

/** A shipped flow, parsed. */
export function shippedFlow(slug: string): Flow {
  return flowSchema.parse(JSON.parse(readFileSync(new URL(`../../flows/library/${slug}.json`, import.meta.url), "utf8")));
}

/** headache with a first yes/no question whose "yes" leads to a new SOON outcome (`to` overrides the target). */
export function headacheWithTravel(to = "travel_review"): Flow {
  const withOutcome = addOutcome(shippedFlow("headache"), {
    id: "travel_review",
    urgency: "SOON",
    routing: "same_day_teleconsultation",
    title: { fr: "Avis aujourd'hui", en: "See a doctor today" },
    advice: { fr: "Consultez aujourd'hui.", en: "See a doctor today." },
    safetyNet: { fr: "Appelez le 15 si cela empire.", en: "Call 112 if it gets worse." },
  });
  return addQuestion(withOutcome, {
    id: "recent_travel",
    type: "yes_no",
    start: true,
    text: { fr: "Revenez-vous de voyage ?", en: "Are you back from a trip?" },
    options: [{ value: "yes", label: {}, to }, { value: "no", label: {}, to: "" }],
    next: "danger_signs",
  });
}
