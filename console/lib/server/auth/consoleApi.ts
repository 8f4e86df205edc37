import { json, type RequestEvent, type RequestHandler } from "@sveltejs/kit";
import type { z } from "zod";
import type { ConsoleIdentity } from "../../../../bot/auth/consoleAuth.js";
import type { Role } from "../../../../bot/auth/roles.js";
import { guardApi } from "./guard";

type Handler<P extends Record<string, string>> = (event: RequestEvent<P>, identity: ConsoleIdentity) => Promise<Response>;

/**
 * Wraps a console API route: the guard (role), a same-origin check on writes, and coded errors as
 * JSON `{ code, message, details }` with their HTTP status. Writes must be JSON: a cross-site page
 * cannot send that without a CORS preflight, which this API never grants (SvelteKit's own origin
 * check covers form posts; this covers fetch).
 */
export function consoleApi<P extends Record<string, string> = Record<string, string>>(role: Role, handler: Handler<P>): RequestHandler<P> {
  return async (event) => {
    const identity = await guardApi(event, role);
    if (identity instanceof Response) return identity;
    if (event.request.method !== "GET" && event.request.method !== "HEAD") {
      const origin = event.request.headers.get("origin");
      if (origin !== null && origin !== event.url.origin) return json({ code: "CONSOLE_FORBIDDEN", message: "cross-origin request refused" }, { status: 403 });
      if (!(event.request.headers.get("content-type") ?? "").startsWith("application/json")) {
        return json({ code: "CONSOLE_INVALID_REQUEST", message: "send JSON" }, { status: 415 });
      }
    }
    try {
      return await handler(event, identity);
    } catch (thrown) {
      const coded = thrown as { code?: unknown; httpStatus?: unknown; message?: unknown; details?: unknown };
      if (typeof coded.code === "string" && typeof coded.httpStatus === "number" && coded.httpStatus < 500) {
        return json({ code: coded.code, message: String(coded.message ?? ""), details: coded.details ?? {} }, { status: coded.httpStatus });
      }
      throw thrown;
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
    if ((thrown as { status?: unknown }).status === 413) throw Object.assign(new Error("the body is too large"), { code: "HTTP_BODY_TOO_LARGE", httpStatus: 413, details: {} });
    throw Object.assign(new Error("the body is not JSON"), { code: "CONSOLE_INVALID_REQUEST", httpStatus: 422, details: {} });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(body)");
    throw Object.assign(new Error("some fields are not valid"), { code: "CONSOLE_INVALID_REQUEST", httpStatus: 422, details: { fields: fields.join(",") } });
  }
  return parsed.data;
}
