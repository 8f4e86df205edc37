import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";

/** GET: who is signed in and until when. */
export const GET = consoleApi("clinician", async (_event, identity) =>
  json({
    user: { id: identity.user.id, email: identity.user.email, displayName: identity.user.displayName, role: identity.user.role },
    expiresAt: identity.expiresAt.toISOString(),
  }),
);
