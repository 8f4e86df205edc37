import { redirect } from "@sveltejs/kit";
import { LANG_COOKIE } from "$lib/console/i18n";
import { consoleServices } from "$lib/server/consoleServices";
import type { Actions, PageServerLoad } from "./$types";

/** Only a relative console path: never redirect elsewhere (open redirect). */
function backTo(value: FormDataEntryValue | null): string {
  return typeof value === "string" && /^\/console(\/|$|\?)/.test(value) ? value : "/console";
}

export const load: PageServerLoad = () => redirect(303, "/console");

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const lang = form.get("lang");
    if (lang === "fr" || lang === "en") {
      cookies.set(LANG_COOKIE, lang, {
        path: "/console",
        httpOnly: true,
        sameSite: "lax",
        secure: consoleServices().cookie.secure(url, request.headers.get("x-forwarded-proto")),
        maxAge: 365 * 86_400,
      });
    }
    redirect(303, backTo(form.get("back")));
  },
};
