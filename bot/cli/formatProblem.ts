import type { Problem } from "../../flows/validate/index.js";

/** One problem as a CLI line: `  [code] node X: message (path)`. */
export function formatProblem(problem: Problem): string {
  const where = problem.node !== undefined ? `node ${problem.node}: ` : problem.rule !== undefined ? `rule ${problem.rule}: ` : "";
  const path = problem.path !== undefined ? ` (at ${problem.path})` : "";
  return `  [${problem.code}] ${where}${problem.message}${path}`;
}
