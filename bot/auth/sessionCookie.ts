/** The console session cookie: httpOnly, SameSite=Lax, Secure behind HTTPS, path / (the console and /ws). */
export const CONSOLE_COOKIE = "triage_console";

/** Given a Cookie header, returns the value of one cookie (undefined when absent or malformed). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.replace(/^"(.*)"$/, "$1"));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Given the request URL and its X-Forwarded-Proto header, returns whether the browser reached us
 * over HTTPS (directly, or through a TLS-terminating proxy): then the cookie is marked Secure.
 */
export function isHttpsRequest(url: URL, forwardedProto: string | null | undefined): boolean {
  if (url.protocol === "https:") return true;
  return (forwardedProto ?? "").split(",")[0]!.trim().toLowerCase() === "https";
}
