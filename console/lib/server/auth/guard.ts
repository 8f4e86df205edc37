import { error, redirect, type RequestEvent } from "@sveltejs/kit";
import { CodedError } from "$wire/errors";
import type { ConsoleIdentity } from "../../../../bot/auth/consoleAuth.js";
import type { Role } from "../../../../bot/auth/roles.js";
import { consoleServices } from "../consoleServices";
import { errorResponse } from "./errorResponse";

/*
 * The one guard of the console: every page load, form action and API route calls it with the
 * role it needs. Anonymous (or expired) visitors are sent to sign-in from pages and get 401 from
 * the API; a signed-in user without the role gets 403 from both.
 */

const RANK: Record<Role, number> = { clinician: 1, admin: 2 };

export type Access = { ok: true; identity: ConsoleIdentity } | { ok: false; status: 401 | 403 };

// One session lookup per request, however many loads ask (layout, page, action).
const seen = new WeakMap<Request, Promise<ConsoleIdentity | undefined>>();

/** Given a request, returns the signed-in identity, if any (no redirect, no error). */
export function currentIdentity(event: Pick<RequestEvent, "cookies" | "request">): Promise<ConsoleIdentity | undefined> {
  let found = seen.get(event.request);
  if (!found) {
    const console = consoleServices();
    found = console.auth.authenticate(event.cookies.get(console.cookie.name));
    seen.set(event.request, found);
  }
  return found;
}

/** Given a request and the role needed, says whether it may go on, or why not (401 or 403). */
export async function authorize(event: Pick<RequestEvent, "cookies" | "request">, role: Role): Promise<Access> {
  const identity = await currentIdentity(event);
  if (!identity) return { ok: false, status: 401 };
  if (RANK[identity.user.role] < RANK[role]) return { ok: false, status: 403 };
  return { ok: true, identity };
}

/** For pages and form actions: the identity, or a redirect to sign-in (anonymous) or a 403 page. */
export async function guardPage(event: Pick<RequestEvent, "cookies" | "request" | "url">, role: Role = "clinician"): Promise<ConsoleIdentity> {
  const access = await authorize(event, role);
  if (access.ok) return access.identity;
  if (access.status === 401) redirect(303, `/console/sign-in?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  error(403, "You do not have access to this page");
}

/** For API routes: the identity, or the JSON 401/403 response to return. */
export async function guardApi(event: Pick<RequestEvent, "cookies" | "request">, role: Role = "clinician"): Promise<ConsoleIdentity | Response> {
  const access = await authorize(event, role);
  if (access.ok) return access.identity;
  return access.status === 401
    ? errorResponse(new CodedError("CONSOLE_UNAUTHENTICATED", "sign in first"), event)
    : errorResponse(new CodedError("CONSOLE_FORBIDDEN", "your role does not allow this"), event);
}
