import type { Handle } from "@sveltejs/kit";
import { guessLocale } from "$lib/chat/guessLocale";
import { runtime } from "$lib/server/runtime";

/** Sets the page language (html lang) and security headers on every response. */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.lang = guessLocale(event.url.searchParams.get("lang"), event.request.headers.get("accept-language"), runtime().config.defaultLocale);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace("%lang%", event.locals.lang) });
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "same-origin");
  response.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
  return response;
};
