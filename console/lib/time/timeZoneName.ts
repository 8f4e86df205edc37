/*
 * The clinician's time zone by name (IANA, "Europe/Paris"), as the browser reports it and a
 * cookie carries it to the server (issue 24: times were printed in the server's UTC). Anything
 * else is refused: the name is bounded and must be one Intl knows.
 */

/** The cookie that carries the browser's time zone to the server, for pages rendered there. */
export const TIME_ZONE_COOKIE = "console_tz";

const NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** Given a time zone name from outside (a cookie, the browser), returns it when Intl knows it, else undefined. */
export function parseTimeZone(name: string | null | undefined): string | undefined {
  if (!name || !NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The browser's own time zone (undefined on the server or when the browser does not say). */
export function browserTimeZone(): string | undefined {
  return typeof Intl === "undefined" ? undefined : parseTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}
