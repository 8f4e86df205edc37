import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/**
 * Tells the app how the request came in: X-Forwarded-Proto when one of our proxies (TRUSTED_PROXIES)
 * sent the request, else our own socket's scheme, whatever a client wrote in the header.
 */
export function withScheme(app: Handler, isProxy: (address: string | undefined) => boolean): Handler {
  return (req, res, next) => {
    const own = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
    if (!req.headers["x-forwarded-proto"] || !isProxy(req.socket.remoteAddress)) req.headers["x-forwarded-proto"] = own;
    app(req, res, next);
  };
}
