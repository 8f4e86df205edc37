import { pathToFileURL } from "node:url";
import { validateFlow } from "../flows/validate/validateFlow.js";
import { generateFlow } from "./generateFlow.js";

const NODES = 500;
const RUNS = 9;

/** Validates a generated ~500-node flow several times; returns its node count and the median time in ms. */
export async function benchValidation(): Promise<{ nodes: number; validateMs: number }> {
  const flow = generateFlow(NODES);
  const first = validateFlow(flow); // also warms up the JIT and zod
  if (!first.ok) throw new Error(`the generated flow is invalid: ${first.problems.map((p) => p.message).join("; ")}`);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    validateFlow(flow);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { nodes: flow.nodes.length, validateMs: Math.round(times[Math.floor(RUNS / 2)]! * 100) / 100 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { nodes, validateMs } = await benchValidation();
  process.stdout.write(`validateFlow: ${nodes} nodes in ${validateMs} ms (median of ${RUNS})\n`);
}
