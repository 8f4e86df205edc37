import { fail, redirect } from "@sveltejs/kit";
import { consoleServices } from "$lib/server/consoleServices";
import { currentIdentity } from "$lib/server/auth/guard";
import type { Actions, PageServerLoad } from "./$types";

/** Where to go after signing in: a console path only (never another site). */
function nextPath(value: string | null): string {
  return value && /^\/console(\/|$|\?)/.test(value) && !value.startsWith("/console/sign-") ? value : "/console";
}

export const load: PageServerLoad = async (event) => {
  if (await currentIdentity(event)) redirect(303, nextPath(event.url.searchParams.get("next")));
  return { signedOut: event.url.searchParams.has("signed-out") };
};

export const actions: Actions = {
  default: async (event) => {
    const { request, cookies, url } = event;
    const form = await request.formData();
    const email = String(form.get("email") ?? "").slice(0, 254);
    const password = String(form.get("password") ?? "").slice(0, 1024);
    if (!email || !password) return fail(400, { email, error: "missing" as const });
    const console = consoleServices();
    const ip = console.clientIp(event.getClientAddress(), request.headers.get("x-forwarded-for"));
    const result = await console.auth.signIn({ email, password, ip });
    if (!result.ok) {
      if (result.reason === "locked") return fail(429, { email, error: "locked" as const, seconds: result.retryAfterSeconds });
      return fail(400, { email, error: "invalid" as const });
    }
    cookies.set(console.cookie.name, result.token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: console.cookie.secure(url, request.headers.get("x-forwarded-proto")),
      // The server-side session decides expiry; the cookie lasts at most as long as its absolute limit.
      maxAge: console.auth.lifetime.absoluteMinutes * 60,
    });
    redirect(303, nextPath(url.searchParams.get("next")));
  },
};
