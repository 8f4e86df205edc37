import type { Json } from "./ports.js";

/**
 * Given a value received from outside (a button value, an event), returns it as plain JSON for the
 * transcript and the audit log: undefined becomes null, non-finite numbers become null.
 */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
}
