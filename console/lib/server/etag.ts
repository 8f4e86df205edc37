/** The longest If-None-Match header read: a few dozen tags at most; longer is treated as no match. */
const MAX_HEADER_LENGTH = 2048;

/**
 * True when an If-None-Match header names `etag` (or is "*"): weak comparison, as RFC 9110 asks
 * for If-None-Match, so W/"x" and "x" match.
 */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header || header.length > MAX_HEADER_LENGTH) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === wanted);
}
