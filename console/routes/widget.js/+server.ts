import { createHash } from "node:crypto";
import type { RequestHandler } from "./$types";
import source from "$lib/widget/widget.js?raw";
import { matchesEtag } from "$lib/server/etag";

const HEADERS = {
  "content-type": "text/javascript; charset=utf-8",
  "cache-control": "public, max-age=300",
  // Host pages on any origin load it with a plain script tag.
  "cross-origin-resource-policy": "cross-origin",
};
/** Weak: the same script is sent as br, gzip or plain bytes (bot/http/compressResponses.ts). */
const ETAG = `W/"${createHash("sha256").update(source).digest("base64url").slice(0, 27)}"`;

/**
 * The embeddable widget: plain JS, no framework (test/browser measures its gzipped size). Every
 * host page's visitor asks for it again once max-age runs out: a 304 without a body when it has not changed.
 */
export const GET: RequestHandler = ({ request }) => {
  if (matchesEtag(request.headers.get("if-none-match"), ETAG)) return new Response(null, { status: 304, headers: { ...HEADERS, etag: ETAG } });
  return new Response(source, { headers: { ...HEADERS, etag: ETAG } });
};
