import { describe, expect, it } from "vitest";
import { flowSchema, type Flow } from "../../flows/schema/flowSchema.js";
import { validateFlow, validateLibrary, type Problem } from "../../flows/validate/index.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { readLibraryFiles } from "./libraryFlows.js";

/**
 * Every shipped flow validates, and a copy with one realistic mistake (a lost translation, a
 * typo in a reference, a deleted outcome, no safety-netting) is rejected with the matching
 * problem. The library grows while this runs, so the cases are whatever files exist, plus the
 * tiny fixture so the corruptions are exercised even on an empty library.
 */

type RawNode = Record<string, unknown> & { id: string; kind: string };
type RawFlow = Record<string, unknown> & { slug: string; locales: string[]; nodes: RawNode[]; redFlags?: Record<string, unknown>[] };

const library = readLibraryFiles();
const cases: { name: string; json: unknown }[] = [
  ...library.map(({ file, json }) => ({ name: `flows/library/${file}`, json })),
  { name: "the tinyFlow fixture", json: tinyFlow() },
];

/** The library's flows that match the schema (a corrupted copy is validated among them, for handovers). */
const libraryFlows: Flow[] = library.flatMap(({ json }) => {
  const parsed = flowSchema.safeParse(json);
  return parsed.success ? [parsed.data] : [];
});

/** Problems of `json`, validated in the library (replacing the flow of the same slug). */
function problemsInLibrary(json: unknown): Problem[] {
  const parsed = flowSchema.safeParse(json);
  if (!parsed.success) {
    const result = validateFlow(json);
    return result.ok ? [] : result.problems;
  }
  const others = libraryFlows.filter((f) => f.slug !== parsed.data.slug);
  return validateLibrary([parsed.data, ...others]).flows[0]!.problems;
}

const copy = (json: unknown) => structuredClone(json) as RawFlow;
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

describe.each(cases)("$name", ({ json }) => {
  // Read defensively: a file that fails the schema fails the first test, the others then skip.
  const nodes = Array.isArray((json as RawFlow).nodes) ? (json as RawFlow).nodes : [];
  const locales = Array.isArray((json as RawFlow).locales) ? (json as RawFlow).locales : [];
  const hasNext = (n: RawNode) => isRecord(n.next) && ((Array.isArray(n.next.branches) && n.next.branches.length > 0) || n.next.default !== undefined);
  const englishQuestion = nodes.find((n) => n.kind === "question" && isRecord(n.text) && n.text.en !== undefined);
  const linked = nodes.find(hasNext);
  const outcome = nodes.find((n) => n.kind === "outcome");

  it("validates without a problem", () => {
    expect(problemsInLibrary(json)).toEqual([]);
  });

  it.runIf(locales.includes("en") && englishQuestion !== undefined)("is rejected when a question loses its English text", () => {
    const broken = copy(json);
    const target = broken.nodes.find((n) => n.id === englishQuestion!.id)!;
    delete (target.text as Record<string, unknown>).en;
    expect(problemsInLibrary(broken)).toContainEqual(
      expect.objectContaining({ code: "missing-translation", node: target.id, message: expect.stringContaining(`text of node ${target.id} has no "en"`) }),
    );
  });

  it.runIf(linked !== undefined)("is rejected when a branch or default goes nowhere", () => {
    const broken = copy(json);
    const from = broken.nodes.find((n) => n.id === linked!.id)!;
    const next = from.next as { branches?: { to: string }[]; default?: string };
    if (next.branches && next.branches.length > 0) next.branches[0]!.to = "nowhere";
    else next.default = "nowhere";
    expect(problemsInLibrary(broken)).toContainEqual(
      expect.objectContaining({ code: "unknown-node-reference", node: from.id, message: expect.stringContaining('goes to "nowhere"') }),
    );
  });

  it.runIf(outcome !== undefined)("is rejected when an outcome is deleted, naming the references to it", () => {
    const broken = copy(json);
    broken.nodes = broken.nodes.filter((n) => n.id !== outcome!.id);
    const problems = problemsInLibrary(broken).filter((p) => p.code === "unknown-node-reference");
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message).toContain(`"${outcome!.id}", which is no node`);
  });

  it.runIf(outcome !== undefined)("is rejected when an outcome loses its safety-netting", () => {
    const broken = copy(json);
    delete broken.nodes.find((n) => n.id === outcome!.id)!.safetyNet;
    expect(problemsInLibrary(broken)).toContainEqual(expect.objectContaining({ code: "missing-safety-net", node: outcome!.id }));
  });
});
