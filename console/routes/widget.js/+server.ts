import type { RequestHandler } from "./$types";
import source from "$lib/widget/widget.js?raw";

/** The embeddable widget: plain JS, no framework (test/browser measures its gzipped size). */
export const GET: RequestHandler = () =>
  new Response(source, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      // Host pages on any origin load it with a plain script tag.
      "cross-origin-resource-policy": "cross-origin",
    },
  });
