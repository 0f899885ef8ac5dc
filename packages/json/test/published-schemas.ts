/** The committed JSON Schemas compiled with ajv, as a host in another language would use them. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { repoRoot } from "./example-patients.js";

function compile(name: string): (value: unknown) => boolean {
  const schema = JSON.parse(readFileSync(join(repoRoot, "packages/json/schemas", name), "utf8")) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  return (value) => validate(value);
}

/** True when the published patient-context schema accepts `value`. */
export const contextSchemaAccepts = compile("patient-context.schema.json");

/** True when the published Decision schema accepts `value`. */
export const decisionSchemaAccepts = compile("decision.schema.json");
