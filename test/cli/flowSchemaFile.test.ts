import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_JSON_SCHEMA_PATH, flowJsonSchema, flowJsonSchemaText } from "../../flows/schema/exportJsonSchema.js";

const committed = () => readFileSync(join(import.meta.dirname, "../..", FLOW_JSON_SCHEMA_PATH), "utf8");

describe("flows/flow.schema.json", () => {
  it("equals the schema generated from the zod flow schema (run `npm run triage -- flows schema --write` after a change)", () => {
    expect(committed()).toBe(flowJsonSchemaText());
  });

  it("leaves fields with defaults optional, as an author writes them", () => {
    const schema = flowJsonSchema() as { required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["schemaVersion", "slug", "start", "nodes"]));
    expect(schema.required).not.toContain("redFlags");
    expect(schema.required).not.toContain("review");
  });
});
