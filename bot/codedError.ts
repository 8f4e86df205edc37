/** What every coded error of Triage carries (TRIAGE_, ADMIN_, CONSOLE_... codes), whichever class made it. */
export interface Coded {
  code: string;
  message: string;
  httpStatus: number;
  details?: Record<string, unknown>;
}

const CODE = /^[A-Z]+_[A-Z0-9_]+$/;

/**
 * True when `thrown` is a coded error, by its shape rather than its class: the SvelteKit build and
 * the runtime are two module graphs, so `instanceof` would fail on an error made by the other.
 */
export function isCoded(thrown: unknown): thrown is Coded {
  if (typeof thrown !== "object" || thrown === null) return false;
  const { code, httpStatus, message } = thrown as Partial<Record<keyof Coded, unknown>>;
  return typeof code === "string" && CODE.test(code) && typeof httpStatus === "number" && typeof message === "string";
}

/** The details of a coded error (an empty object when it has none). */
export function detailsOf(coded: Coded): Record<string, unknown> {
  return coded.details ?? {};
}
