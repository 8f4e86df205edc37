import type { Locale, Urgency } from "../../../flows/index.js";

/** What the Slack channel itself says (the engine's texts come already resolved in the messages). */
export interface SlackTexts {
  yes: string;
  no: string;
  confirm: string;
  pickScale: string;
  /** Over the options the patient's first message suggests (they still choose). */
  suggested: string;
  typeYourAnswer(hint: string): string;
  /** Progress under the question: the engine's estimate of the questions left, this one included. */
  questionsLeft(n: number): string;
  /** The button that answers "don't know" to a duration (or a number whose flow allows it). */
  dontKnow: string;
  /** Under a value a model read in the patient's words: the patient confirms it, or types again. */
  proposalYes: string;
  orTypeAgain: string;
  range(min: number, max: number, unit: string): string;
  switchLanguage: string;
  askHuman: string;
  yourAnswer(display: string): string;
  clinician(name: string): string;
  callFirst(numbers: string): string;
  /** `/triage` typed outside the DM (ephemeral, to the user alone). */
  sentToDm: string;
  noDm: string;
  /** Clinicians' channel; `urgency` is the level's label in the channel's language. */
  newCase(urgency: string): string;
  reason(text: string): string;
  waiting(minutes: number): string;
  takeCase: string;
  takenBy(name: string): string;
  closed: string;
  /** The patient left (restarted or ended the conversation) while the case was open: the announcement's status. */
  patientLeft: string;
  /** The same, as a reply in the announcement's thread. */
  patientLeftThread: string;
  breached(urgency: string, minutes: number): string;
  notAUser: string;
  alreadyTaken(name: string): string;
  caseClosed: string;
}

const en: SlackTexts = {
  yes: "Yes",
  no: "No",
  confirm: "Confirm",
  pickScale: "Choose 0 to 10",
  suggested: "From your message, this may be:",
  typeYourAnswer: (hint) => `Type your answer here${hint ? ` (${hint})` : ""}.`,
  questionsLeft: (n) => (n === 1 ? "About 1 question left" : `About ${n} questions left`),
  dontKnow: "I don't know",
  proposalYes: "Yes, that's right",
  orTypeAgain: "If not, type your answer again.",
  range: (min, max, unit) => `${min} to ${max}${unit ? ` ${unit}` : ""}`,
  switchLanguage: "Français",
  askHuman: "Talk to a clinician",
  yourAnswer: (display) => `Your answer: ${display}`,
  clinician: (name) => `${name} (clinician)`,
  callFirst: (numbers) => `:rotating_light: *Call ${numbers} now.*`,
  sentToDm: "I've sent you a direct message to start your triage — check your DMs.",
  noDm: "I could not open a direct message with you: write to the Triage app directly to start your triage.",
  newCase: (urgency) => `New case: ${urgency}`,
  reason: (text) => `First reason: ${text}`,
  waiting: (minutes) => `Waiting: ${minutes} min`,
  takeCase: "Take case",
  takenBy: (name) => `Taken by ${name}`,
  closed: "Closed",
  patientLeft: "The patient left the conversation",
  patientLeftThread: ":door: The patient left the conversation (restarted or ended it): nobody is waiting in the chat any more.",
  breached: (urgency, minutes) => `:warning: Not taken in time: ${urgency} (waiting ${minutes} min)`,
  notAUser: "Your Slack email does not match a console account: ask an administrator to add you.",
  alreadyTaken: (name) => `${name} has already taken this case.`,
  caseClosed: "This case is closed.",
};

const fr: SlackTexts = {
  yes: "Oui",
  no: "Non",
  confirm: "Valider",
  pickScale: "Choisissez de 0 à 10",
  suggested: "D'après votre message, il s'agit peut-être de :",
  typeYourAnswer: (hint) => `Écrivez votre réponse ici${hint ? ` (${hint})` : ""}.`,
  questionsLeft: (n) => (n === 1 ? "Environ 1 question restante" : `Environ ${n} questions restantes`),
  dontKnow: "Je ne sais pas",
  proposalYes: "Oui, c'est bien cela",
  orTypeAgain: "Sinon, écrivez à nouveau votre réponse.",
  range: (min, max, unit) => `de ${min} à ${max}${unit ? ` ${unit}` : ""}`,
  switchLanguage: "English",
  askHuman: "Parler à un soignant",
  yourAnswer: (display) => `Votre réponse : ${display}`,
  clinician: (name) => `${name} (soignant)`,
  callFirst: (numbers) => `:rotating_light: *Appelez le ${numbers} maintenant.*`,
  sentToDm: "Je vous ai envoyé un message direct pour commencer votre questionnaire : regardez vos messages directs.",
  noDm: "Je n'ai pas pu vous écrire en message direct : écrivez directement à l'application Triage pour commencer votre questionnaire.",
  newCase: (urgency) => `Nouveau cas : ${urgency}`,
  reason: (text) => `Premier motif : ${text}`,
  waiting: (minutes) => `Attente : ${minutes} min`,
  takeCase: "Prendre le cas",
  takenBy: (name) => `Pris par ${name}`,
  closed: "Clôturé",
  patientLeft: "La personne a quitté la conversation",
  patientLeftThread: ":door: La personne a quitté la conversation (elle l'a recommencée ou terminée) : plus personne n'attend dans la discussion.",
  breached: (urgency, minutes) => `:warning: Non pris à temps : ${urgency} (attente ${minutes} min)`,
  notAUser: "Votre e-mail Slack ne correspond à aucun compte de la console : demandez à un administrateur de vous ajouter.",
  alreadyTaken: (name) => `${name} a déjà pris ce cas.`,
  caseClosed: "Ce cas est clôturé.",
};

const TEXTS: Record<Locale, SlackTexts> = { en, fr };

export function slackTexts(locale: Locale): SlackTexts {
  return TEXTS[locale];
}

/** Urgencies whose new cases are announced in the clinicians' channel. */
export const ANNOUNCED: readonly Urgency[] = ["EMERGENCY", "URGENT"];
