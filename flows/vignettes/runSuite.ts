import { compileFlow } from "../compile/compileFlow.js";
import { resolverOf } from "../run/runSession.js";
import { isQuestion, type Flow } from "../schema/flowSchema.js";
import { runVignette, type VignetteRun } from "./runVignette.js";
import { reportVignettes, type VignetteReport } from "./vignetteReport.js";
import type { Vignette } from "./vignetteSchema.js";

/**
 * Given the vignettes and a library of flows (the published one, or one with a draft in place of
 * its published version), plays every vignette from the entry flow and reports. Answers keyed by a
 * question id that no flow of the library asks are reported: a renamed question must be renamed
 * in the suite too, never dropped silently. `economy: false` asks every question on the path (to
 * measure what question economy saves).
 */
export function runVignetteSuite(vignettes: Vignette[], flows: Flow[], options: { economy?: boolean } = {}): { report: VignetteReport; runs: VignetteRun[] } {
  const resolver = resolverOf(flows.map((flow) => compileFlow(flow, { economy: options.economy ?? true })));
  const known = new Set(flows.flatMap((flow) => flow.nodes.filter(isQuestion).map((q) => q.id)));
  const runs = vignettes.map((vignette): VignetteRun => {
    const unknown = Object.keys(vignette.answers).filter((id) => !known.has(id));
    if (unknown.length > 0) return { id: vignette.id, ok: false, problem: `answers to questions no flow asks: ${unknown.join(", ")}`, asked: [] };
    return runVignette(vignette, resolver);
  });
  return { report: reportVignettes(vignettes, runs), runs };
}
