/**
 * Validation against the HL7 FHIR R4 JSON Schema of the conformance corpus (draft-06). Two
 * adjustments, both about the file rather than FHIR: its `id` is moved to `$id` for ajv, and its
 * `fhirVersion` enums, which stop at 4.0.0 (see the corpus README), also accept 4.0.1.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import { conformanceRoot } from "./conformance.js";

/** Validates FHIR resources; `errors` explains a failure against the resource's own definition. */
export interface FhirSchema {
  readonly valid: (resource: unknown) => boolean;
  readonly errors: (resource: { readonly resourceType: string }) => string[];
}

function acceptR4Patch(node: unknown): void {
  if (Array.isArray(node)) node.forEach(acceptR4Patch);
  else if (node !== null && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o["enum"]) && o["enum"].includes("4.0.0") && !o["enum"].includes("4.0.1")) o["enum"] = [...(o["enum"] as unknown[]), "4.0.1"];
    Object.values(o).forEach(acceptR4Patch);
  }
}

/** Compiles the schema (about 10–15 seconds: it holds every R4 resource). */
export function loadFhirSchema(): FhirSchema {
  if (conformanceRoot === undefined) throw new Error("the conformance corpus is absent");
  const schema = JSON.parse(readFileSync(join(conformanceRoot, "fhir-r4/schema/fhir.schema.json"), "utf8")) as Record<string, unknown>;
  schema["$id"] = schema["id"];
  delete schema["id"];
  acceptR4Patch(schema);
  const ajv = new Ajv({ strict: false });
  ajv.addMetaSchema(draft06);
  const validate: ValidateFunction = ajv.compile(schema);
  return {
    valid: (resource) => validate(resource),
    errors: (resource) => {
      const own = ajv.getSchema(`${String(schema["$id"])}#/definitions/${resource.resourceType}`);
      if (own === undefined) return [`no definition for ${resource.resourceType}`];
      return own(resource) ? [] : (own.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
    },
  };
}
