import type { IncomingMessage, ServerResponse } from "node:http";
import { CodedError, type HttpErrorCode } from "../errors.js";
import { httpErrorAnswer } from "../errorTexts.js";

/*
 * Every HTTP body has a limit (issue 19): a request that declares a larger Content-Length is
 * answered 413 before a byte of it is read, by the server itself, ahead of every door; a body
 * sent without a length (chunked) is counted while it streams by the Slack receiver, which stops
 * at the same limit and answers 413 too; the SvelteKit app asks for a length (411).
 */

/** Default limit for every HTTP body (HTTP_MAX_BODY_BYTES): the largest shipped flow is under 80 KB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How long a refused client keeps its socket, so it can read the 413 before the socket closes. */
const LINGER_MS = 1_000;

export const BODY_TOO_LARGE = "HTTP_BODY_TOO_LARGE" satisfies HttpErrorCode;
export const LENGTH_REQUIRED = "HTTP_LENGTH_REQUIRED" satisfies HttpErrorCode;

/** Given a request, returns its declared body length, or undefined when it declares none. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) ? length : undefined;
}

/**
 * Answers 413 with a coded JSON body and `Connection: close`, then stops reading: the client's
 * further bytes wait in the kernel (TCP pushes back) while it reads the answer.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  answerAndLinger(req, res, new BodyTooLargeError(maxBytes));
}

/**
 * Sends a small JSON answer and closes the connection the way servers must when a body is left
 * unread ("lingering close"): Node would destroy the socket as soon as the answer is written, and
 * a client still sending then gets a reset that can swallow the answer; here the write side is
 * closed at once and the socket destroyed a moment later. Reading the rest to discard it instead
 * would cost the server the whole upload in CPU and short-lived garbage.
 */
function answerAndLinger(req: IncomingMessage, res: ServerResponse, refusal: CodedError): void {
  const socket = req.socket;
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    this.end();
    setTimeout(() => this.destroy(), LINGER_MS).unref();
  };
  stopReading(req);
  if (res.headersSent) return void res.end();
  // The HTTP door's answer from the one table, in the language the client prefers.
  const { status, body: answer } = httpErrorAnswer(refusal, /^\s*fr\b/i.test(req.headers["accept-language"] ?? "") ? "fr" : "en");
  const body = JSON.stringify(answer);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body);
}

/** Pauses the body for good: Node would otherwise pull an unread body off the wire after the answer (IncomingMessage._dump). */
function stopReading(req: IncomingMessage): void {
  req.removeAllListeners("data");
  req.pause();
  // A read marks the body as consumed (no dump); what arrives stops at the stream's high-water mark.
  req.read(0);
}

/**
 * The server's own gate, before any door: true when the request declared a body over the limit
 * and was answered 413 (its body is never read).
 */
export function refuseDeclaredOversize(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const length = declaredLength(req);
  if (length === undefined || length <= maxBytes) return false;
  refuseBody(req, res, maxBytes);
  return true;
}

/**
 * The app's gate: true when a body comes without a declared length (chunked) and was answered 411.
 * Browsers always declare the length of a form or fetch body; the SvelteKit app also counts while
 * streaming (BODY_SIZE_LIMIT), but then resets the connection, which can swallow its answer.
 */
export function refuseUndeclaredLength(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers["transfer-encoding"] === undefined || declaredLength(req) !== undefined) return false;
  answerAndLinger(req, res, new CodedError(LENGTH_REQUIRED, "send a Content-Length with the body"));
  return true;
}

export class BodyTooLargeError extends CodedError<typeof BODY_TOO_LARGE> {
  constructor(readonly maxBytes: number) {
    super(BODY_TOO_LARGE, `request body over ${maxBytes} bytes`, { maxBytes });
    this.name = "BodyTooLargeError";
  }
}

/**
 * Given a request and a limit, resolves with its whole body, or rejects with BodyTooLargeError as
 * soon as the declared length or the bytes received pass the limit (nothing more is kept).
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBytes) return reject(new BodyTooLargeError(maxBytes));
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        cleanup();
        chunks.length = 0;
        req.pause();
        return reject(new BodyTooLargeError(maxBytes));
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onAborted = () => onError(new Error("request aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}
