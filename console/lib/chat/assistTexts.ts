import { bilingual } from "../bilingual";

/** The chat page's words for the language-model assist (issue 21): typed answers in the patient's own words, and the value read back. */
export const ASSIST_TEXTS = bilingual({
  fr: {
    ownWords: "Ou dites-le avec vos mots",
    ownWordsHint: "Par exemple : « depuis hier soir », « environ 38 et demi ». Nous vous demanderons de confirmer.",
    ownWordsSend: "Envoyer",
    proposalYes: "Oui, c'est bien cela",
    proposalNo: "Non, je corrige",
  },
  en: {
    ownWords: "Or say it in your own words",
    ownWordsHint: 'For example: "since yesterday evening", "about 38 and a half". We will ask you to confirm.',
    ownWordsSend: "Send",
    proposalYes: "Yes, that's right",
    proposalNo: "No, I'll correct it",
  },
});

export type AssistTexts = (typeof ASSIST_TEXTS)["fr"];

/** Question types whose answer the patient may also type in words (the server reads them, then asks to confirm). */
export const OWN_WORDS_TYPES: readonly string[] = ["duration", "number"];
