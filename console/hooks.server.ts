import type { Handle } from "@sveltejs/kit";
import { guessLocale } from "$lib/chat/guessLocale";
import { runtime } from "$lib/server/runtime";

/**
 * Sets the page language (html lang) and completes the page CSP SvelteKit wrote (script nonces,
 * svelte.config.js) with the framing rule; the other security headers come from the node server
 * (bot/http/securityHeaders.ts), one place for all of them.
 */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.lang = guessLocale(event.url.searchParams.get("lang"), event.request.headers.get("accept-language"), runtime().config.defaultLocale);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace("%lang%", event.locals.lang) });
  const csp = response.headers.get("content-security-policy");
  if (csp) response.headers.set("content-security-policy", runtime().frameAncestors(csp, event.url.pathname));
  return response;
};
