/*
 * What /readyz asks of each dependency. A check answers with a code, never an error message: a
 * driver's message can name hosts, users or a query, and /readyz is served without credentials.
 */

/** Why a dependency is not ready. */
export type NotReadyCode = "unreachable" | "timeout" | "migrations_pending";

export type CheckResult = { status: "ok" } | { status: "fail"; code: NotReadyCode; pending?: number };

/** One dependency /readyz looks at (the database, Redis). */
export interface ReadinessCheck {
  /** The key in /readyz's `checks` object. */
  readonly name: string;
  run(): Promise<CheckResult>;
}

/** Given a check and a time limit, returns its result, `timeout` when it takes longer, `unreachable` when it throws. */
export async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: "fail", code: "timeout" }), timeoutMs);
  });
  try {
    return await Promise.race([check.run().catch((): CheckResult => ({ status: "fail", code: "unreachable" })), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
