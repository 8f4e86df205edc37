import { z } from "zod";
import { flowSchema } from "./flowSchema.js";

/** Where the committed JSON Schema lives, relative to the repository root (flows may point `$schema` at it). */
export const FLOW_JSON_SCHEMA_PATH = "flows/flow.schema.json";

/**
 * Given nothing, returns the flow schema as JSON Schema (draft 2020-12) for editors and external
 * tools. `io: "input"` describes what an author writes: fields with defaults are optional. The
 * semantic rules (references, paths, translations) are the validator's, not JSON Schema's.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    title: "Triage flow",
    description: "A triage questionnaire: nodes, conditions in JSON Logic, red flags and outcomes. Checked further by `triage flows validate`.",
  };
}

/** The committed file's exact text: stable key order, two-space indent, trailing newline. */
export function flowJsonSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}
