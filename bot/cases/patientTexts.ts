import type { Locale } from "../../flows/index.js";
import type { Disposition } from "./caseStore.js";

/** What the console's actions tell the patient, in the session's language. `numbers` is e.g. "15 or 112". */
export interface PatientCaseTexts {
  joined(name: string): string;
  released(wait: string): string;
  breached(numbers: string): string;
  closed(disposition: Disposition, numbers: string): string;
  /** The patient ended the conversation while their case was open (their other tabs show it; the clinician reads it in the transcript). */
  left(numbers: string): string;
}

const en: PatientCaseTexts = {
  joined: (name) => `${name}, a clinician, has joined the conversation. You can write to them here.`,
  released: (wait) => `The clinician had to step away. Your request is back in the queue: another clinician will join you (expected wait: up to ${wait}).`,
  breached: (numbers) =>
    `Sorry, no clinician has been able to join yet; the on-call team has been alerted. Meanwhile: if you feel worse, have chest pain, trouble breathing, fainting or confusion, call ${numbers} now. Otherwise stay where you can be reached and keep this page open.`,
  closed: (disposition, numbers) => {
    const first: Record<Disposition, string> = {
      teleconsultation_booked: "A teleconsultation has been booked for you: you will receive its details.",
      referred_emergency: `The clinician asks you to get emergency care now: call ${numbers} or go to the nearest emergency department.`,
      advice_given: "The clinician has given you their advice.",
      patient_unreachable: "We could not reach you.",
      other: "The clinician has closed this conversation.",
    };
    return `${first[disposition]} This conversation is now closed. If your symptoms get worse or you are worried, call ${numbers}, or start a new conversation.`;
  },
  left: (numbers) => `You left this conversation; the clinician has been told. If your symptoms get worse, call ${numbers}, or start a new conversation.`,
};

const fr: PatientCaseTexts = {
  joined: (name) => `${name}, soignant(e), a rejoint la conversation. Vous pouvez lui écrire ici.`,
  released: (wait) =>
    `Le soignant a dû s'absenter. Votre demande est de nouveau en attente : un autre soignant va vous rejoindre (attente prévue : ${wait} au plus).`,
  breached: (numbers) =>
    `Désolé, aucun soignant n'a encore pu vous rejoindre ; l'équipe de garde a été alertée. En attendant : si vous vous sentez plus mal, avez une douleur dans la poitrine, du mal à respirer, un malaise ou une confusion, appelez le ${numbers} maintenant. Sinon, restez joignable et gardez cette page ouverte.`,
  closed: (disposition, numbers) => {
    const first: Record<Disposition, string> = {
      teleconsultation_booked: "Une téléconsultation a été programmée pour vous : vous allez en recevoir les détails.",
      referred_emergency: `Le soignant vous demande de consulter en urgence maintenant : appelez le ${numbers} ou rendez-vous aux urgences les plus proches.`,
      advice_given: "Le soignant vous a donné ses conseils.",
      patient_unreachable: "Nous n'avons pas pu vous joindre.",
      other: "Le soignant a clôturé cette conversation.",
    };
    return `${first[disposition]} Cette conversation est maintenant terminée. Si vos symptômes s'aggravent ou si vous vous inquiétez, appelez le ${numbers}, ou commencez une nouvelle conversation.`;
  },
  left: (numbers) =>
    `Vous avez quitté cette conversation ; le soignant en a été informé. Si vos symptômes s'aggravent, appelez le ${numbers}, ou commencez une nouvelle conversation.`,
};

const TEXTS: Record<Locale, PatientCaseTexts> = { en, fr };

export function patientCaseTexts(locale: Locale): PatientCaseTexts {
  return TEXTS[locale];
}
