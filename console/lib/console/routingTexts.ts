import type { ConsoleLocale } from "./i18n";

/**
 * The routing a case's outcome decided, in the clinician's words (issue 24: stored with the case,
 * shown on the queue and the case page). A value this version does not know shows as it is stored.
 */
const ROUTINGS: Record<ConsoleLocale, { title: string; labels: Record<string, string> }> = {
  en: {
    title: "Routing",
    labels: {
      emergency_services: "Emergency services",
      on_call_clinician: "On-call clinician",
      same_day_teleconsultation: "Teleconsultation today",
      routine_teleconsultation: "Teleconsultation within days",
      self_care: "Self-care",
    },
  },
  fr: {
    title: "Orientation",
    labels: {
      emergency_services: "Services d'urgence",
      on_call_clinician: "Soignant de garde",
      same_day_teleconsultation: "Téléconsultation dans la journée",
      routine_teleconsultation: "Téléconsultation dans les jours qui viennent",
      self_care: "Soins personnels",
    },
  },
};

/** Given a routing code and the console's language, returns its words ("Teleconsultation today"). */
export function routingLabel(routing: string, lang: ConsoleLocale): string {
  return ROUTINGS[lang].labels[routing] ?? routing;
}

/** The heading of the routing on the case page, in the console's language. */
export function routingTitle(lang: ConsoleLocale): string {
  return ROUTINGS[lang].title;
}
