import type { IncomingMessage } from "node:http";
import type { Locale } from "../../../flows/index.js";

/**
 * Given a console socket's upgrade request and the deployment's default, returns the language the
 * socket's data is sent in, as the console pages pick theirs: the page's (`?lang=`, which the page
 * got from the clinician's switch; that cookie is scoped to /console and never reaches /ws), else
 * the browser's Accept-Language, else the default.
 */
export function consoleSocketLocale(req: Pick<IncomingMessage, "url" | "headers">, fallback: Locale): Locale {
  const lang = new URL(req.url ?? "/", "http://localhost").searchParams.get("lang");
  if (lang === "fr" || lang === "en") return lang;
  for (const part of (req.headers["accept-language"] ?? "").split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === "fr" || tag === "en") return tag;
  }
  return fallback;
}
