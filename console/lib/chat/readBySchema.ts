/*
 * A small JSON Schema reader for the chat page (issue 24, 4b): the server's frames are checked
 * against the schema zod derives from the server's own (serverMessageSchema.generated.ts), so the
 * patient's bundle carries no zod. It reads as zod does: unknown keys are dropped, a missing
 * required key or a wrong type refuses the whole value. Only the keywords listed here are known;
 * any other refuses every value (test/web/serverFrameDecoder.test.ts checks none is used).
 */

export interface JsonSchema {
  type?: "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  const?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  /** A part used in several places, written once in the root's `$defs` ("#/$defs/<name>"). */
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "properties",
  "required",
  "items",
  "const",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "oneOf",
  "anyOf",
  "$ref",
  "$defs",
]);

/** Returned for a value the schema refuses. */
const REFUSED: unique symbol = Symbol("refused");
type Read = unknown | typeof REFUSED;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function typeMatches(type: JsonSchema["type"], value: unknown): boolean {
  switch (type) {
    case undefined:
      return true;
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
  }
}

function boundsHold(schema: JsonSchema, value: unknown): boolean {
  if (schema.const !== undefined && value !== schema.const) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  }
  return true;
}

/** The part a `$ref` names in the root's `$defs`; only local references are known. */
function resolve(ref: string, root: JsonSchema): JsonSchema | undefined {
  const name = /^#\/\$defs\/([^/]+)$/.exec(ref)?.[1];
  return name === undefined ? undefined : root.$defs?.[name];
}

function read(schema: JsonSchema, value: unknown, root: JsonSchema): Read {
  for (const keyword in schema) if (!KNOWN_KEYWORDS.has(keyword)) return REFUSED;
  if (schema.$ref !== undefined) {
    const target = resolve(schema.$ref, root);
    return target ? read(target, value, root) : REFUSED;
  }
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) {
    // The server's unions are told apart by a literal (type, kind) or by null: the first that reads wins.
    for (const choice of choices) {
      const got = read(choice, value, root);
      if (got !== REFUSED) return got;
    }
    return REFUSED;
  }
  if (!typeMatches(schema.type, value) || !boundsHold(schema, value)) return REFUSED;
  if (Array.isArray(value) && schema.items) {
    const out: unknown[] = [];
    for (const item of value) {
      const got = read(schema.items, item, root);
      if (got === REFUSED) return REFUSED;
      out.push(got);
    }
    return out;
  }
  if (isRecord(value) && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) if (value[key] === undefined) return REFUSED;
    for (const [key, property] of Object.entries(schema.properties)) {
      if (value[key] === undefined) continue;
      const got = read(property, value[key], root);
      if (got === REFUSED) return REFUSED;
      out[key] = got;
    }
    return out;
  }
  return value;
}

/** Given a schema and a parsed JSON value, returns the value as the schema reads it (unknown keys dropped), or undefined if refused. */
export function readBySchema(schema: JsonSchema, value: unknown): unknown {
  const got = read(schema, value, schema);
  return got === REFUSED ? undefined : got;
}
