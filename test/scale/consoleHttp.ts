import { CONSOLE_COOKIE } from "../../bot/auth/sessionCookie.js";

/*
 * The console as a browser reaches it over HTTP: sign in through the sign-in form's endpoint (the
 * session cookie), then the JSON API with that cookie and the page's own origin.
 */

/** Signs in on `baseUrl` and returns the console session token (the cookie's value). */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/console/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${CONSOLE_COOKIE}=`));
  if (!cookie) throw new Error(`sign-in as ${email} answered ${response.status} without a session cookie`);
  return cookie.split(";", 1)[0]!.slice(CONSOLE_COOKIE.length + 1);
}

/** Calls the console API on `baseUrl` with a session token; returns the status and the JSON body. */
export async function consoleCall(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie: `${CONSOLE_COOKIE}=${token}`, origin: baseUrl, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
