import { redirect } from "@sveltejs/kit";
import { consoleServices } from "$lib/server/consoleServices";
import { currentIdentity } from "$lib/server/auth/guard";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/console");

export const actions: Actions = {
  /** Ends the server-side session (audited), closes its live consoles and clears the cookie. */
  default: async (event) => {
    const console = consoleServices();
    const identity = await currentIdentity(event);
    await console.auth.signOut(event.cookies.get(console.cookie.name));
    if (identity) console.channel.dropSession(identity.tokenHash);
    event.cookies.delete(console.cookie.name, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: console.cookie.secure(event.url, event.request.headers.get("x-forwarded-proto")),
    });
    redirect(303, "/console/sign-in?signed-out");
  },
};
