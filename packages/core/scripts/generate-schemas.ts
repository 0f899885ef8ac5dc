/** Writes the JSON Schemas generated from core's zod schemas into `schemas/`. CI regenerates and diffs them. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { GuidelineIR, IR_VERSION } from "../src/ir.js";

const out = (name: string): string => fileURLToPath(new URL(`../schemas/${name}`, import.meta.url));

function write(name: string, title: string, schema: z.core.$ZodType): void {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12" });
  const document = { $id: `https://steward.dev/schemas/${name}`, title, ...json };
  writeFileSync(out(name), `${JSON.stringify(document, null, 2)}\n`);
}

write("ir.schema.json", `Steward compiled guideline (IR version ${IR_VERSION})`, GuidelineIR);
