import { json } from "@sveltejs/kit";
import { admin, editorOf } from "$lib/admin/adminServices";
import { errorResponse } from "$lib/server/auth/errorResponse";
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

/**
 * Replaces every setting at once: 200 with the keys changed, or ADMIN_INVALID_SETTINGS through the
 * console's one error door, the refused fields in its details (400 when the body is not JSON, 422
 * otherwise; nothing saved).
 */
export const PUT: RequestHandler = async (event) => {
  const identity = await guardApi(event, "admin");
  if (identity instanceof Response) return identity;
  let body: unknown;
  try {
    body = await event.request.json();
  } catch {
    return errorResponse(admin().refusal("ADMIN_INVALID_SETTINGS", "the body is not JSON", { errors: {} }), event, 400);
  }
  const result = await runtime().settings.save(body, editorOf(identity));
  if (!result.ok)
    return errorResponse(admin().refusal("ADMIN_INVALID_SETTINGS", "some settings are invalid; nothing was saved", { errors: result.errors }), event);
  return json({ changed: result.changed, settings: runtime().settings.current });
};
