/*
 * Midnight of a calendar day in a clinician's time zone: the history's date filters mean the days
 * the clinician lives in (Europe/Paris, Africa/Casablanca), not UTC days (issue 24).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Given an instant and an IANA zone, returns how far the zone's wall clock is ahead of UTC there, in ms. */
function offsetAt(instant: number, zone: string): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Given a calendar day (month 1-12) and an IANA zone (unknown or missing: UTC), returns the instant that day starts there. */
export function startOfDayIn(year: number, month: number, day: number, zone: string | undefined): Date {
  const wall = Date.UTC(year, month - 1, day);
  if (!zone) return new Date(wall);
  try {
    // Twice: the offset at the guessed instant may differ from the offset at midnight (a DST change that day).
    const guess = wall - offsetAt(wall, zone);
    return new Date(wall - offsetAt(guess, zone));
  } catch {
    return new Date(wall);
  }
}
