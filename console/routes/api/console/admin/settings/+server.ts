import { json } from "@sveltejs/kit";
import { editorOf } from "$lib/admin/adminServices";
import { runtime } from "$lib/server/runtime";
import { guardApi } from "$lib/server/auth/guard";
import type { RequestHandler } from "./$types";

/** The deployment settings as they apply now. */
export const GET: RequestHandler = async (event) => {
  const identity = await guardApi(event, "admin");
  if (identity instanceof Response) return identity;
  const settings = runtime().settings;
  return json({ country: settings.country, settings: settings.current });
};

/** Replaces every setting at once: 200 with the keys changed, or 422 with the refused fields (nothing saved). */
export const PUT: RequestHandler = async (event) => {
  const identity = await guardApi(event, "admin");
  if (identity instanceof Response) return identity;
  let body: unknown;
  try {
    body = await event.request.json();
  } catch {
    return json({ code: "ADMIN_INVALID_SETTINGS", message: "the body is not JSON", errors: {} }, { status: 400 });
  }
  const result = await runtime().settings.save(body, editorOf(identity));
  if (!result.ok)
    return json({ code: "ADMIN_INVALID_SETTINGS", message: "some settings are invalid; nothing was saved", errors: result.errors }, { status: 422 });
  return json({ changed: result.changed, settings: runtime().settings.current });
};
