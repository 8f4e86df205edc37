/**
 * Where a patient goes; the engine attaches behaviour (emergency number, hand-off, SLA) to each.
 * A module of its own, free of zod: the patient page's protocol reads it without pulling the
 * whole flow schema into the phone's JavaScript (issue 24, 4b).
 */
export const ROUTING_TARGETS = ["emergency_services", "on_call_clinician", "same_day_teleconsultation", "routine_teleconsultation", "self_care"] as const;
