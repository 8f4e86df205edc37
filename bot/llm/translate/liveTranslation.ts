import type { z } from "zod";
import type { Locale } from "../../../flows/index.js";
import type { ChatBody } from "../../engine/chatMessage.js";
import type { AuditDraft, Store } from "../../engine/ports.js";
import { askModel, type Asked } from "../askModel.js";
import type { Assist } from "../assist.js";
import { toClinicianPrompt, toClinicianSchema, toPatientPrompt, toPatientSchema } from "./translationPrompt.js";

export interface LiveTranslationDeps {
  assist: Assist;
  /** The clinicians' language (SLACK_CLINICIANS_LOCALE, else the default). */
  cliniciansLocale: Locale;
  store: Pick<Store, "getSession" | "messagesAfter">;
}

type TextBody = Extract<ChatBody, { kind: "text" }>;

/** A live-chat message's body with the translation made for it, and the call's audit event (`llm.call`) to commit with it. */
export interface Translated {
  body: TextBody;
  call: AuditDraft;
}

/** How far back the patient's language is looked for (their latest live-chat messages). */
const LOOK_BACK = 200;

/**
 * Live-chat translation (issue 21): a patient's message in another language than the
 * clinicians' is given its translation (what they wrote stays the text), and a clinician's reply
 * is sent in the patient's language with what the clinician wrote kept as the original. Off with
 * the `liveTranslation` switch; any failure (late, refused, invalid) gives undefined and the
 * message goes as written. Never throws.
 */
export class LiveTranslation {
  constructor(private readonly deps: LiveTranslationDeps) {}

  /** Given a patient's live-chat message, returns its body with the language and translation, or undefined (off, failed: send it as written). */
  async forClinician(sessionId: string, text: string): Promise<Translated | undefined> {
    const { assist, cliniciansLocale } = this.deps;
    if (!assist.enabled("liveTranslation") || text.trim() === "") return undefined;
    const asked = await this.#translate(sessionId, toClinicianPrompt(text, cliniciansLocale), toClinicianSchema);
    if (!asked) return undefined;
    if (!asked.ok) return { body: { kind: "text", text }, call: asked.event };
    const { language, translation } = asked.value;
    const same = translation === null || language === cliniciansLocale;
    return { body: { kind: "text", text, language, ...(same ? {} : { translation: { language: cliniciansLocale, text: translation } }) }, call: asked.event };
  }

  /** Given a clinician's message, returns it in the patient's language with the original kept, or undefined (off, same language, failed: send it as written). */
  async forPatient(sessionId: string, text: string): Promise<Translated | undefined> {
    const { assist, cliniciansLocale } = this.deps;
    if (!assist.enabled("liveTranslation") || text.trim() === "") return undefined;
    const language = await this.#patientLanguage(sessionId);
    if (!language || language === cliniciansLocale) return undefined;
    const asked = await this.#translate(sessionId, toPatientPrompt(text, language), toPatientSchema);
    if (!asked) return undefined;
    if (!asked.ok) return { body: { kind: "text", text }, call: asked.event };
    return { body: { kind: "text", text: asked.value.translation, language, original: { language: cliniciansLocale, text } }, call: asked.event };
  }

  /** Asks the model for one translation within the assist's limits; undefined if the call itself threw. */
  #translate<T>(sessionId: string, prompt: { system: string; user: string }, schema: z.ZodType<T>): Promise<Asked<T> | undefined> {
    const { assist } = this.deps;
    return askModel(assist, { purpose: "translation", sessionId, ...prompt, schema, maxOutputTokens: 1200, timeoutMs: assist.timeoutMs }).catch(
      () => undefined,
    );
  }

  /** The language the patient writes in: their latest live-chat message's, as the model named it, else the session's. */
  async #patientLanguage(sessionId: string): Promise<string | undefined> {
    const session = await this.deps.store.getSession(sessionId);
    if (!session) return undefined;
    const last = (await this.deps.store.messagesAfter(sessionId, 0))
      .slice(-LOOK_BACK)
      .findLast((m) => m.author === "patient" && m.body.kind === "text" && m.body.language !== undefined);
    return last?.body.kind === "text" && last.body.language ? last.body.language : session.locale;
  }
}
