import { getContext, setContext } from "svelte";
import type { ConsoleLocale } from "$lib/console/i18n";
import { formatTime, type TimeStyle } from "./formatTime";
import { TIME_ZONE_COOKIE, browserTimeZone } from "./timeZoneName";

/*
 * The clinician's time zone for every console page, shared through a Svelte context (never a
 * module-level variable: the server renders many clinicians' pages in one process). The layout
 * starts it from the zone the cookie told the server, then, once in the browser, switches to the
 * browser's zone (times already printed follow) and writes the cookie for the next page.
 */

const KEY = Symbol("clinician-time");

/** What the layout provides: the console's language and the clinician's zone, both live. */
interface ClinicianClock {
  readonly lang: ConsoleLocale;
  readonly zone: string | undefined;
}

class ZoneState implements ClinicianClock {
  zone = $state<string | undefined>();
  constructor(
    private readonly langOf: () => ConsoleLocale,
    zone: string | undefined,
  ) {
    this.zone = zone;
  }
  get lang(): ConsoleLocale {
    return this.langOf();
  }
  /** In the browser: adopts the browser's zone and remembers it in the cookie for the server's next render. */
  adoptBrowserZone(): void {
    const zone = browserTimeZone();
    if (!zone) return;
    if (zone !== this.zone) this.zone = zone;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }
}

/** Called by the console layout: makes the clinician's zone (the cookie's, then the browser's) known to every page below it. */
export function provideClinicianTime(lang: () => ConsoleLocale, serverZone: string | undefined): ZoneState {
  const state = new ZoneState(lang, serverZone);
  setContext(KEY, state);
  return state;
}

/**
 * Called by a component while it starts: returns the formatter of instants in the clinician's
 * zone and language (`lang` overrides the console's, for a component given its own).
 */
export function clinicianTime(): (at: string | Date | undefined | null, style?: TimeStyle, lang?: ConsoleLocale) => string {
  const clock = getContext<ClinicianClock | undefined>(KEY);
  return (at, style = "dateTime", lang) => formatTime(at, lang ?? clock?.lang ?? "en", clock?.zone, style);
}
