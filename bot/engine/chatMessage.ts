import type { Locale, QuestionType, Routing, Urgency } from "../../flows/index.js";

/** A text in a given language (a BCP 47 tag such as "fr", "ar", or "darija"), as the live-chat translation made or kept it. */
export interface TranslatedText {
  language: string;
  text: string;
}

/** An emergency number to show, as a `tel:` link, before anything else on an EMERGENCY outcome. */
export interface EmergencyNumber {
  number: string;
  label: string;
}

/** A question as the patient sees it: text already resolved to the session's locale. */
export interface QuestionView {
  questionId: string;
  type: QuestionType;
  text: string;
  help?: string;
  /** `terms`: what else finds the option in the choice search (its label in the flow's other languages, its keywords). */
  options?: { value: string; label: string; terms?: string[] }[];
  /** Single choice: every option under one heading, in display order. */
  groups?: { id: string; label: string; options: string[] }[];
  /** Single choice: a long or grouped list, shown with a search field. */
  searchable?: boolean;
  /** Single choice: options the patient's earlier free text suggests, shown first; the patient still chooses. */
  suggested?: string[];
  noneOption?: string;
  unit?: { symbol: string; label: string };
  min?: number;
  max?: number;
  integer?: boolean;
  lowLabel?: string;
  highLabel?: string;
  maxLength?: number;
  /** Duration, or a number whose flow allows it: "don't know" may be answered (value "dont_know"). */
  dontKnow?: boolean;
  /** About how many questions are left, this one included (flows/run/questionsLeft.ts): shown as progress. */
  remaining?: number;
}

export interface OutcomeView {
  urgency: Urgency;
  urgencyLabel: string;
  routing: Routing;
  title: string;
  /** What happens next, in words (e.g. "a clinician has been asked to call you"). */
  nextSteps: string;
  advice: string;
  safetyNet?: string;
  /** Present (and first) for EMERGENCY. */
  emergencyNumbers?: EmergencyNumber[];
  /** Mental-health crisis lines, on mental-health outcomes (absent where the country has none). */
  crisisLines?: EmergencyNumber[];
}

/**
 * The body of one transcript message, channel-neutral: the web page renders it as bubbles and
 * cards, Slack as Block Kit. Text is resolved to the session's locale when the message is made.
 */
export type ChatBody =
  /**
   * Live-chat translation by the LLM assist (absent when none was made): a patient's message keeps
   * what they wrote in `text`, its `language`, and its `translation` into the clinicians' language;
   * a clinician's message sent translated has what the patient reads in `text` (in `language`) and
   * what the clinician wrote in `original`.
   */
  | { kind: "text"; text: string; language?: string; translation?: TranslatedText; original?: TranslatedText }
  | { kind: "question"; question: QuestionView }
  | { kind: "answer"; questionId: string; value: unknown; display: string }
  /** `proposal`: a value a model read in the patient's words, for them to confirm (sent back as their answer). */
  | { kind: "reask"; questionId: string; problem: string; text: string; proposal?: { value: unknown; display: string } }
  | { kind: "emergency"; text: string; numbers: EmergencyNumber[] }
  | { kind: "outcome"; outcome: OutcomeView }
  /** `left`: the patient left while the case was open (bot/cases/handoffLifecycle.ts); `emergencyNumbers`: a close that sends the patient to emergency care, shown as call links. */
  | {
      kind: "handoff";
      status: "requested" | "joined" | "released" | "breached" | "closed" | "left";
      text: string;
      expectedWaitMinutes?: number;
      emergencyNumbers?: EmergencyNumber[];
    }
  | { kind: "notice"; text: string };

export type Author = "patient" | "bot" | "clinician" | "system";

/** A message before the store gives it a sequence number. */
export interface DraftMessage {
  author: Author;
  body: ChatBody;
  /** Clinician user id for clinician messages. */
  authorId?: string;
}

/** A committed transcript message: `seq` is the per-session server sequence number (resume cursor). */
export interface ChatMessage extends DraftMessage {
  sessionId: string;
  seq: number;
  at: string;
  locale: Locale;
}
