import type { OutgoingHttpHeaders } from "node:http";

/*
 * Security headers, decided in one place (issue 19): the node server sets them on every response
 * before any door answers, and the SvelteKit hook adds the framing rule to the page CSP SvelteKit
 * writes (script nonces; svelte.config.js). Only the patient chat page may be framed (the widget
 * embeds it), by the origins WIDGET_ALLOWED_ORIGINS lists; nothing else, the console least of all.
 */

export interface SecurityPolicy {
  /** PUBLIC_URL is https: HSTS is sent and the console cookie is always Secure. */
  https: boolean;
  /** The CSP frame-ancestors sources of the chat page: "*" (any site) or a list of origins. */
  chatFrameAncestors: string;
}

/** One year, without includeSubDomains: the deployment's other hosts are not ours to pin. */
const HSTS = "max-age=31536000";

/** Given PUBLIC_URL and WIDGET_ALLOWED_ORIGINS (parsed: "*" or origins), returns the policy. */
export function securityPolicy(env: { PUBLIC_URL?: string | undefined; WIDGET_ALLOWED_ORIGINS: "*" | string[] }): SecurityPolicy {
  const origins = env.WIDGET_ALLOWED_ORIGINS;
  return {
    https: env.PUBLIC_URL?.startsWith("https://") ?? false,
    // 'self' too: the widget demo and a chat page opened from the site itself stay framable.
    chatFrameAncestors: origins === "*" ? "*" : ["'self'", ...origins].join(" "),
  };
}

/** True for the paths a widget frames: the chat page (/chat/<flow>) and its data. */
export function isFramablePath(pathname: string): boolean {
  return pathname === "/chat" || pathname.startsWith("/chat/");
}

/** Given a path, returns the CSP frame-ancestors sources that apply to it. */
export function frameAncestors(policy: SecurityPolicy, pathname: string): string {
  return isFramablePath(pathname) ? policy.chatFrameAncestors : "'none'";
}

/** True for the console's pages and API: they carry patient data and must not be stored by browsers or proxies. */
export function isConsolePath(pathname: string): boolean {
  return /^\/(api\/)?console(\/|$)/.test(pathname);
}

/** Given a path, returns the headers every response on it carries (pages get their full CSP from SvelteKit). */
export function baseSecurityHeaders(policy: SecurityPolicy, pathname: string): OutgoingHttpHeaders {
  const ancestors = frameAncestors(policy, pathname);
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "content-security-policy": `frame-ancestors ${ancestors}`,
    // For browsers without CSP frame-ancestors; it cannot list origins, so the chat page has none.
    ...(ancestors === "'none'" ? { "x-frame-options": "DENY" } : {}),
    ...(policy.https ? { "strict-transport-security": HSTS } : {}),
    ...(isConsolePath(pathname) ? { "cache-control": "private, no-store" } : {}),
  };
}

/** Given SvelteKit's CSP for a page (or none) and its path, returns it with the framing rule appended. */
export function withFrameAncestors(csp: string | null, policy: SecurityPolicy, pathname: string): string {
  const rule = `frame-ancestors ${frameAncestors(policy, pathname)}`;
  if (!csp) return rule;
  const kept = csp
    .split(";")
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith("frame-ancestors"));
  return [...kept, rule].join("; ");
}
