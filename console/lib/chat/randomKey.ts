/**
 * Given a byte count, returns that many bytes from the browser's CSPRNG as base64url: message ids
 * and the page's client key. crypto.getRandomValues works outside secure contexts too (an http://
 * intranet), where crypto.randomUUID is missing; there is no fallback to Math.random, whose values
 * can be predicted, so a start could be claimed by another page (issue 23).
 */
export function randomKey(bytes = 16): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let binary = "";
  for (const byte of buffer) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
