/** Writes the published JSON Schemas for the patient context (what hosts send) and the Decision (what they get). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DecisionSchema, PatientContextSchema } from "@steward/core";
import * as z from "zod";

function write(name: string, title: string, schema: z.core.$ZodType, io: "input" | "output"): void {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io });
  const document = { $id: `https://steward.dev/schemas/${name}`, title, ...json };
  writeFileSync(fileURLToPath(new URL(`../schemas/${name}`, import.meta.url)), `${JSON.stringify(document, null, 2)}\n`);
}

// The context is validated as hosts write it (fields with defaults are optional); the Decision as Steward writes it.
write("patient-context.schema.json", "Steward patient context", PatientContextSchema, "input");
write("decision.schema.json", "Steward decision", DecisionSchema, "output");
