import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { currentIdentity } from "$lib/server/auth/guard";
import type { LayoutServerLoad } from "./$types";

/** Language and who is signed in (for the header); each page guards itself with its own role. */
export const load: LayoutServerLoad = async (event) => {
  const identity = await currentIdentity(event);
  return {
    lang: consoleLocale(event),
    user: identity ? { id: identity.user.id, displayName: identity.user.displayName, email: identity.user.email, role: identity.user.role } : null,
  };
};
