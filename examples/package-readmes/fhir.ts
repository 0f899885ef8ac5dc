import { readFileSync } from "node:fs";
import { evaluate, prepare, type GuidelineIR } from "@steward/core";
import { fromFhir, sourceOfFact, toFhir } from "@steward/fhir";

const evaluator = prepare([JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR]);
const record: unknown = JSON.parse(readFileSync("patient-bundle.json", "utf8")); // a Bundle, resources, or a CDS Hooks prefetch
const now = "2026-11-25T09:00:00Z";
const read = fromFhir(record, { now, setting: "primary-care" }); // the record as it stood at `now`
if (read._tag === "Left") process.stderr.write(read.left.map((d) => `${d.code}: ${d.message}`).join("\n")); // not FHIR, two patients, no care setting
else if (evaluator._tag === "Right") {
  const { context, patient, provenance, diagnostics } = read.right;
  for (const d of diagnostics) process.stderr.write(`${d.code}: ${d.message}\n`); // what was left out and why, by resource and field
  process.stderr.write(`the weight came from ${JSON.stringify(sourceOfFact(provenance, "/patient/weight"))}\n`);
  const decision = evaluate(evaluator.right, context, { now });
  if (decision._tag === "Right") process.stdout.write(JSON.stringify(toFhir(decision.right, { patient: { reference: patient ?? "Patient/unknown" }, context, provenance })));
}
