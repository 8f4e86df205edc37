import { isHttpError, isRedirect, type RequestEvent, type RequestHandler } from "@sveltejs/kit";
import type { z } from "zod";
import type { ConsoleIdentity } from "../../../../bot/auth/consoleAuth.js";
import type { Role } from "../../../../bot/auth/roles.js";
import { CodedError } from "$wire/errors";
import { errorResponse } from "./errorResponse";
import { guardApi } from "./guard";

type Handler<P extends Record<string, string>> = (event: RequestEvent<P>, identity: ConsoleIdentity) => Promise<Response>;

/**
 * Wraps a console API route: the guard (role), a same-origin check on writes, and every error as
 * JSON `{ code, message, details }` with its HTTP status, `message` in the clinician's language
 * (errorResponse). Writes must be JSON: a cross-site page
 * cannot send that without a CORS preflight, which this API never grants (SvelteKit's own origin
 * check covers form posts; this covers fetch).
 */
export function consoleApi<P extends Record<string, string> = Record<string, string>>(role: Role, handler: Handler<P>): RequestHandler<P> {
  return async (event) => {
    const identity = await guardApi(event, role);
    if (identity instanceof Response) return identity;
    if (event.request.method !== "GET" && event.request.method !== "HEAD") {
      const origin = event.request.headers.get("origin");
      if (origin !== null && origin !== event.url.origin) return errorResponse(new CodedError("CONSOLE_FORBIDDEN", "cross-origin request refused"), event);
      if (!(event.request.headers.get("content-type") ?? "").startsWith("application/json")) {
        return errorResponse(new CodedError("CONSOLE_INVALID_REQUEST", "send JSON"), event, 415);
      }
    }
    try {
      return await handler(event, identity);
    } catch (thrown) {
      // SvelteKit's own error() and redirect() are answers already.
      if (isHttpError(thrown) || isRedirect(thrown)) throw thrown;
      return errorResponse(thrown, event);
    }
  };
}

/** Parses a JSON body with a schema; throws a coded 422 naming the fields that do not fit. */
export async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await request.json();
  } catch (thrown) {
    // SvelteKit stops reading a body sent without a length at BODY_SIZE_LIMIT (bot/http/bodyLimit.ts).
    if ((thrown as { status?: unknown }).status === 413) throw new CodedError("HTTP_BODY_TOO_LARGE", "the body is too large", {});
    throw new CodedError("CONSOLE_INVALID_REQUEST", "the body is not JSON", {});
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(body)");
    throw new CodedError("CONSOLE_INVALID_REQUEST", "some fields are not valid", { fields: fields.join(",") });
  }
  return parsed.data;
}
