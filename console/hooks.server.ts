import { createHash } from "node:crypto";
import type { Handle } from "@sveltejs/kit";
import { EARLY_INPUT_SCRIPT } from "$lib/chat/earlyInputScript.js";
import { guessLocale } from "$lib/chat/guessLocale";
import { runtime } from "$lib/server/runtime";

/** The chat page's one inline script (earlyInputScript.js), allowed by its hash on that page only. */
const EARLY_INPUT_SOURCE = `'sha256-${createHash("sha256").update(EARLY_INPUT_SCRIPT).digest("base64")}'`;

/**
 * Sets the page language (html lang) and completes the page CSP SvelteKit wrote (script nonces,
 * svelte.config.js) with the framing rule and, on the chat page, its early-input script's hash;
 * the other security headers come from the node server (bot/http/securityHeaders.ts), one place
 * for all of them.
 */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.lang = guessLocale(event.url.searchParams.get("lang"), event.request.headers.get("accept-language"), runtime().config.defaultLocale);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace("%lang%", event.locals.lang) });
  const csp = response.headers.get("content-security-policy");
  if (csp) {
    const chatPage = event.route.id === "/chat/[flow]";
    const withScript = chatPage ? csp.replace(/(^|;\s*)script-src /, `$1script-src ${EARLY_INPUT_SOURCE} `) : csp;
    response.headers.set("content-security-policy", runtime().frameAncestors(withScript, event.url.pathname));
  }
  return response;
};
