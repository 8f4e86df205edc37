import type { Locale, Routing } from "../../flows/index.js";

/*
 * Every text the bot says on its own (flows bring their own): one table per locale, same keys,
 * so a missing translation is a type error. Texts never contain patient data beyond what the
 * patient just typed (an unknown choice is quoted back).
 */

export interface NumberRange {
  min: string;
  max: string;
  unit: string;
  integer: boolean;
}

export interface EngineTexts {
  /** "15 or 112" / "15 ou le 112" (read after "call" / "appelez le"). */
  joinNumbers(numbers: string[]): string;
  /** A number in the locale's notation (decimal comma in French). */
  formatNumber(value: number): string;
  /** A wait in minutes, in words ("15 minutes", "4 hours"). */
  formatWait(minutes: number): string;
  /** Choices listed for a re-ask: "“Cough”, “Fever” or “None”". */
  listOptions(labels: string[]): string;
  /** The heading over the options a grouped choice question leaves out of its groups. */
  otherGroup: string;
  greeting(p: { title: string; numbers: string }): string;
  problem: {
    empty: string;
    not_yes_no: string;
    unknown_option(given: string): string;
    none_is_exclusive(none: string): string;
    not_a_number: string;
    not_an_integer: string;
    out_of_range: string;
    not_a_duration: string;
    too_long(max: number): string;
  };
  expected: {
    yes_no: string;
    single_choice(options: string): string;
    multiple_choice(options: string): string;
    noneAlone(none: string): string;
    number(range: NumberRange): string;
    scale(p: { low: string; high: string }): string;
    duration(max?: string): string;
    free_text(max: number): string;
  };
  /** The emergency message's text, shown before anything else on EMERGENCY. */
  callNow(numbers: string): string;
  nextSteps: Record<Routing, (p: { numbers: string; wait?: string }) => string>;
  handoff: {
    outcome(wait: string): string;
    emergency(numbers: string): string;
    patientRequest(p: { wait: string; numbers: string }): string;
    keepAnswering: string;
    already(numbers: string): string;
  };
  notice: {
    backDone: string;
    nothingToUndo: string;
    backAfterEnd: string;
    localeChanged: string;
    finished(numbers: string): string;
    staleQuestion: string;
  };
}

const en: EngineTexts = {
  joinNumbers: (numbers) => (numbers.length <= 1 ? numbers.join("") : `${numbers.slice(0, -1).join(", ")} or ${numbers.at(-1)}`),
  formatNumber: (value) => String(value),
  formatWait: (minutes) => (minutes < 120 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.round(minutes / 60)} hours`),
  listOptions: (labels) =>
    labels.length <= 1
      ? labels.map((l) => `“${l}”`).join("")
      : `${labels
          .slice(0, -1)
          .map((l) => `“${l}”`)
          .join(", ")} or “${labels.at(-1)}”`,
  otherGroup: "Other",
  greeting: ({ title, numbers }) =>
    `Hello. I am going to ask you a few questions (${title}) to find out how quickly you should receive care. ` +
    `This is not a diagnosis. If you think a life is in danger, call ${numbers} now.`,
  problem: {
    empty: "Your answer is empty.",
    not_yes_no: "I did not understand this answer.",
    unknown_option: (given) => `“${given}” is not one of the choices.`,
    none_is_exclusive: (none) => `“${none}” cannot be combined with other choices.`,
    not_a_number: "This is not a number.",
    not_an_integer: "The number must be a whole number.",
    out_of_range: "This value is outside the expected range.",
    not_a_duration: "I did not understand this duration.",
    too_long: (max) => `Your answer is longer than ${max} characters.`,
  },
  expected: {
    yes_no: "Please answer yes or no.",
    single_choice: (options) => `Please choose one of: ${options}.`,
    multiple_choice: (options) => `Please choose one or more of: ${options}.`,
    noneAlone: (none) => `Choose “${none}” on its own, or only the choices that apply.`,
    number: ({ min, max, unit, integer }) => `Please enter a ${integer ? "whole number" : "number"} between ${min} and ${max} (${unit}).`,
    scale: ({ low, high }) => `Please enter a whole number from 0 (${low}) to 10 (${high}).`,
    duration: (max) => `Please give a duration, for example “3 days”, “4 hours” or “30 min”${max ? `, up to ${max}` : ""}.`,
    free_text: (max) => `Please write your answer in ${max} characters or fewer.`,
  },
  callNow: (numbers) => `Call now: ${numbers}.`,
  nextSteps: {
    emergency_services: ({ numbers }) => `Call ${numbers} now. Do not wait to be called back.`,
    on_call_clinician: ({ wait }) =>
      wait
        ? `A clinician has been asked to contact you within ${wait}. Keep this page open.`
        : "A clinician has been asked to contact you. Keep this page open.",
    same_day_teleconsultation: ({ wait }) => (wait ? `A clinician will contact you today, within about ${wait}.` : "Arrange a teleconsultation today."),
    routine_teleconsultation: () => "Book a teleconsultation in the coming days.",
    self_care: () => "You do not need a consultation for now. Follow the advice below and watch for the warning signs.",
  },
  handoff: {
    outcome: (wait) => `A clinician has been asked to join this conversation. Expected wait: up to ${wait}.`,
    emergency: (numbers) => `The on-call clinician has been alerted, but do not wait: call ${numbers} now.`,
    patientRequest: ({ wait, numbers }) =>
      `A clinician has been asked to join this conversation, usually within ${wait}. If things get worse, call ${numbers} now.`,
    keepAnswering: "While you wait, you can keep answering the questions.",
    already: (numbers) => `A clinician has already been asked to join and will reply here. In an emergency, call ${numbers}.`,
  },
  notice: {
    backDone: "Let's go back: you can change your answer.",
    nothingToUndo: "There is no answer to change yet.",
    backAfterEnd: "The questionnaire is finished, so answers can no longer be changed. If something has changed, ask to talk to a clinician.",
    localeChanged: "I will continue in English.",
    finished: (numbers) => `This questionnaire is finished. If you are worried or things change, ask to talk to a clinician; in an emergency, call ${numbers}.`,
    staleQuestion: "That question has already been answered. Here is the current question.",
  },
};

const frenchNumber = (value: number) => String(value).replace(".", ",");

const fr: EngineTexts = {
  joinNumbers: (numbers) => (numbers.length <= 1 ? numbers.join("") : `${numbers.slice(0, -1).join(", le ")} ou le ${numbers.at(-1)}`),
  formatNumber: frenchNumber,
  formatWait: (minutes) => (minutes < 120 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.round(minutes / 60)} heures`),
  listOptions: (labels) =>
    labels.length <= 1
      ? labels.map((l) => `« ${l} »`).join("")
      : `${labels
          .slice(0, -1)
          .map((l) => `« ${l} »`)
          .join(", ")} ou « ${labels.at(-1)} »`,
  otherGroup: "Autres",
  greeting: ({ title, numbers }) =>
    `Bonjour. Je vais vous poser quelques questions (${title}) pour savoir dans quel délai vous devez être pris en charge. ` +
    `Ce n'est pas un diagnostic. Si vous pensez qu'une vie est en danger, appelez le ${numbers} maintenant.`,
  problem: {
    empty: "Votre réponse est vide.",
    not_yes_no: "Je n'ai pas compris cette réponse.",
    unknown_option: (given) => `« ${given} » ne fait pas partie des choix.`,
    none_is_exclusive: (none) => `« ${none} » ne peut pas être combiné avec d'autres choix.`,
    not_a_number: "Ce n'est pas un nombre.",
    not_an_integer: "Le nombre doit être entier.",
    out_of_range: "Cette valeur est en dehors des limites attendues.",
    not_a_duration: "Je n'ai pas compris cette durée.",
    too_long: (max) => `Votre réponse dépasse ${max} caractères.`,
  },
  expected: {
    yes_no: "Merci de répondre par oui ou par non.",
    single_choice: (options) => `Merci de choisir une réponse parmi : ${options}.`,
    multiple_choice: (options) => `Merci de choisir une ou plusieurs réponses parmi : ${options}.`,
    noneAlone: (none) => `Choisissez « ${none} » seul, ou seulement les choix qui s'appliquent.`,
    number: ({ min, max, unit, integer }) => `Merci d'indiquer un nombre${integer ? " entier" : ""} entre ${min} et ${max} (${unit}).`,
    scale: ({ low, high }) => `Merci d'indiquer un nombre entier de 0 (${low}) à 10 (${high}).`,
    duration: (max) => `Merci d'indiquer une durée, par exemple « 3 jours », « 4 heures » ou « 30 min »${max ? `, jusqu'à ${max}` : ""}.`,
    free_text: (max) => `Merci d'écrire votre réponse en ${max} caractères au plus.`,
  },
  callNow: (numbers) => `Appelez maintenant le ${numbers}.`,
  nextSteps: {
    emergency_services: ({ numbers }) => `Appelez le ${numbers} maintenant. N'attendez pas d'être rappelé.`,
    on_call_clinician: ({ wait }) =>
      wait
        ? `Un soignant a été prévenu et doit vous contacter dans les ${wait}. Gardez cette page ouverte.`
        : "Un soignant a été prévenu et doit vous contacter. Gardez cette page ouverte.",
    same_day_teleconsultation: ({ wait }) =>
      wait ? `Un soignant vous contactera aujourd'hui, dans les ${wait} environ.` : "Organisez une téléconsultation aujourd'hui.",
    routine_teleconsultation: () => "Prenez rendez-vous pour une téléconsultation dans les jours qui viennent.",
    self_care: () => "Une consultation n'est pas nécessaire pour le moment. Suivez les conseils ci-dessous et surveillez les signes d'alerte.",
  },
  handoff: {
    outcome: (wait) => `Un soignant a été invité à rejoindre cette conversation. Attente prévue : ${wait} au plus.`,
    emergency: (numbers) => `Le soignant de garde a été alerté, mais n'attendez pas : appelez le ${numbers} maintenant.`,
    patientRequest: ({ wait, numbers }) =>
      `Un soignant a été invité à rejoindre cette conversation, en général dans les ${wait}. Si cela s'aggrave, appelez le ${numbers} maintenant.`,
    keepAnswering: "En attendant, vous pouvez continuer à répondre aux questions.",
    already: (numbers) => `Un soignant a déjà été invité à vous rejoindre et répondra ici. En cas d'urgence, appelez le ${numbers}.`,
  },
  notice: {
    backDone: "Revenons en arrière : vous pouvez modifier votre réponse.",
    nothingToUndo: "Il n'y a pas encore de réponse à modifier.",
    backAfterEnd: "Le questionnaire est terminé : les réponses ne peuvent plus être modifiées. Si quelque chose a changé, demandez à parler à un soignant.",
    localeChanged: "Je continue en français.",
    finished: (numbers) =>
      `Ce questionnaire est terminé. Si vous êtes inquiet ou si cela change, demandez à parler à un soignant ; en cas d'urgence, appelez le ${numbers}.`,
    staleQuestion: "Cette question a déjà reçu une réponse. Voici la question en cours.",
  },
};

export const ENGINE_TEXTS: Record<Locale, EngineTexts> = { fr, en };

/** Given a locale, returns the bot's own texts in it. */
export function textsFor(locale: Locale): EngineTexts {
  return ENGINE_TEXTS[locale];
}
