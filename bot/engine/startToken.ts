import { createHmac } from "node:crypto";

/**
 * Given a client's key (a secret its page drew from a CSPRNG), the channel, the flow and the
 * start's message id, returns the resume token of the session that start opens: HMAC-SHA256 keyed
 * by the client's key, base64url. The store keeps only the token's SHA-256 (unique), so a start
 * re-sent by the same client finds its session by that hash and gets the same token back, while
 * the same message id from any other client derives another token: message ids are chosen by
 * clients and identify nothing across them. Without the key, nobody can compute the token.
 */
export function startToken(clientKey: string, start: { channel: string; flow: string; clientMessageId: string }): string {
  return createHmac("sha256", clientKey)
    .update(`triage.start.v1\u0000${start.channel}\u0000${start.flow}\u0000${start.clientMessageId}`, "utf8")
    .digest("base64url");
}
