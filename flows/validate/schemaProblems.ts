import type { z } from "zod";
import { formatPath, problem, type Problem } from "./problem.js";

/** The id a raw node declares, if it is a string (the JSON failed the schema, so nothing is certain). */
function rawNodeId(json: unknown, index: number): string | undefined {
  if (json === null || typeof json !== "object") return undefined;
  const nodes = (json as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return undefined;
  const node: unknown = nodes[index];
  if (node === null || typeof node !== "object") return undefined;
  const id = (node as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
}

/** Given the raw JSON and zod's issues, returns one `schema-invalid` problem per issue, with its path and node id. */
export function schemaProblems(json: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const [first, second] = issue.path;
    const node = first === "nodes" && typeof second === "number" ? rawNodeId(json, second) : undefined;
    const where = path === "" ? "the flow" : path;
    const message = `${node !== undefined ? `node ${node}: ` : ""}${where}: ${issue.message}`;
    return problem("schema-invalid", message, { node, path: path === "" ? undefined : path });
  });
}
