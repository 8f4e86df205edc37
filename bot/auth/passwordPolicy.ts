import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import * as fr from "@zxcvbn-ts/language-fr";
import { MIN_PASSWORD_LENGTH } from "./passwordHash.js";

/*
 * The console's password policy (issue 19; NIST SP 800-63B 5.1.1.2): at least 12 characters, and
 * not guessable according to zxcvbn-ts with the common, English and French dictionaries (score 3
 * of 4: "safely unguessable", about 10^8 guesses and more) and the account's own email and name.
 * No composition rules: a long passphrase passes, `Password1234!` does not.
 */

export const MIN_PASSWORD_SCORE = 3;
const MAX_PASSWORD_LENGTH = 1024;

export type PasswordVerdict = { ok: true } | { ok: false; reason: PasswordProblem; message: { fr: string; en: string } };
export type PasswordProblem = "too_short" | "too_long" | "too_guessable";

let estimator: ZxcvbnFactory | undefined;

/** Built once, on first use: the dictionaries take a moment and some memory. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/** Given a password and what the account is known by (email, name), says whether it may be used, and why not in fr and en. */
export function checkPassword(password: string, userInputs: string[] = []): PasswordVerdict {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      reason: "too_short",
      message: { en: `Use at least ${MIN_PASSWORD_LENGTH} characters.`, fr: `Utilisez au moins ${MIN_PASSWORD_LENGTH} caractères.` },
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return {
      ok: false,
      reason: "too_long",
      message: { en: `Use at most ${MAX_PASSWORD_LENGTH} characters.`, fr: `Utilisez au plus ${MAX_PASSWORD_LENGTH} caractères.` },
    };
  }
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((part) => part.length >= 3);
  const result = zxcvbn().check(password, [...inputs, "triage", "console"]);
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true };
  // Without translations zxcvbn-ts returns keys: each language package translates them.
  const warning = result.feedback.warning as keyof typeof en.translations.warnings | null;
  const why = {
    en: sentence((warning && en.translations.warnings[warning]) || "This password is too easy to guess."),
    fr: sentence((warning && fr.translations.warnings[warning]) || "Ce mot de passe est trop facile à deviner."),
  };
  return {
    ok: false,
    reason: "too_guessable",
    message: {
      en: `${why.en} Choose a longer password, for example a few unrelated words.`,
      fr: `${why.fr} Choisissez un mot de passe plus long, par exemple quelques mots sans rapport entre eux.`,
    },
  };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
