import { fail } from "@sveltejs/kit";
import { isCoded } from "$wire/errors";
import { refusalText } from "$lib/server/refusalText";
import { admin, editorOf } from "$lib/admin/adminServices";
import { consoleServices } from "$lib/server/consoleServices";
import { guardPage } from "$lib/server/auth/guard";
import type { Actions, PageServerLoad } from "./$types";

/** The console's accounts (administrators only): list, add, deactivate. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  return { users: await consoleServices().users.list() };
};

export const actions: Actions = {
  /** Adds a clinician or administrator (audited as user.created); a generated password is shown once. */
  add: async (event) => {
    const identity = await guardPage(event, "admin");
    const form = await event.request.formData();
    const role = form.get("role") === "admin" ? "admin" : "clinician";
    const password = String(form.get("password") ?? "");
    try {
      const added = await consoleServices().auth.addUser(
        {
          email: String(form.get("email") ?? ""),
          role,
          displayName: String(form.get("displayName") ?? "") || undefined,
          ...(password ? { password } : {}),
        } as { email: string; role: typeof role; displayName?: string; password?: string },
        identity.user.id,
      );
      return { added: { email: added.user.email, ...(added.generated ? { password: added.password } : {}) } };
    } catch (thrown) {
      if (!isCoded(thrown)) throw thrown;
      return fail(thrown.httpStatus, { error: refusalText(thrown, event) });
    }
  },
  /** Deactivates an account and revokes its console sessions at once (audited as user.deactivated). */
  deactivate: async (event) => {
    const identity = await guardPage(event, "admin");
    const userId = String((await event.request.formData()).get("userId") ?? "");
    try {
      return { revoked: await admin().deactivateUser(userId, editorOf(identity)) };
    } catch (thrown) {
      if (isCoded(thrown) && thrown.code.startsWith("ADMIN_")) return fail(thrown.httpStatus, { error: refusalText(thrown, event) });
      throw thrown;
    }
  },
};
