import { fail, redirect } from "@sveltejs/kit";
import { detailsOf, isCoded } from "$wire/errors";
import { adminFlows, editorOf } from "$lib/admin/adminServices";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { guardPage } from "$lib/server/auth/guard";
import { refusalText } from "$lib/server/refusalText";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { Actions, PageServerLoad } from "./$types";

/** Every flow with its published version, open draft and last 7 days' sessions (administrators only). */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  // The urgency mix reads in the deployment's level labels, in the administrator's language (issue 24, item 16).
  return { flows: await adminFlows().overview(), urgencyLabels: urgencyLabelsIn(consoleLocale(event)) };
};

export const actions: Actions = {
  /** Opens a draft copied from the latest published version, then goes to its editor. */
  draft: async (event) => {
    const identity = await guardPage(event, "admin");
    const slug = String((await event.request.formData()).get("slug") ?? "");
    try {
      await adminFlows().createDraft(slug, editorOf(identity));
    } catch (thrown) {
      if (isCoded(thrown) && thrown.code.startsWith("ADMIN_")) return fail(thrown.httpStatus, { error: refusalText(thrown, event) });
      throw thrown;
    }
    redirect(303, `/console/admin/flows/${encodeURIComponent(slug)}`);
  },
  /** Imports flow JSON as the draft of its slug. */
  import: async (event) => {
    const identity = await guardPage(event, "admin");
    const text = String((await event.request.formData()).get("json") ?? "");
    let slug: string;
    try {
      slug = (await adminFlows().importFlow(JSON.parse(text), editorOf(identity))).slug;
    } catch (thrown) {
      if (thrown instanceof SyntaxError) return fail(422, { error: thrown.message });
      if (isCoded(thrown) && thrown.code.startsWith("ADMIN_"))
        return fail(thrown.httpStatus, { error: refusalText(thrown, event), problems: (detailsOf(thrown).problems ?? []) as { message: string }[] });
      throw thrown;
    }
    redirect(303, `/console/admin/flows/${encodeURIComponent(slug)}`);
  },
};
