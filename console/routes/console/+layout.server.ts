import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { currentIdentity } from "$lib/server/auth/guard";
import { TIME_ZONE_COOKIE, parseTimeZone } from "$lib/time/timeZoneName";
import type { LayoutServerLoad } from "./$types";

/** Language, the clinician's time zone (as their browser last told it) and who is signed in (for the header); each page guards itself with its own role. */
export const load: LayoutServerLoad = async (event) => {
  const identity = await currentIdentity(event);
  return {
    lang: consoleLocale(event),
    timeZone: parseTimeZone(event.cookies.get(TIME_ZONE_COOKIE)),
    user: identity ? { id: identity.user.id, displayName: identity.user.displayName, email: identity.user.email, role: identity.user.role } : null,
  };
};
