import { readFileSync } from "node:fs";
import { evaluate, prepare, type GuidelineIR } from "@steward/core";
import { fromFhir, toFhir } from "@steward/fhir";

const evaluator = prepare([JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR]);
const record: unknown = JSON.parse(readFileSync("patient-bundle.json", "utf8")); // a FHIR R4 Bundle, resources or a CDS Hooks prefetch
const now = new Date().toISOString();
const read = fromFhir(record, { now, setting: "primary-care" }); // the record as it stood at `now`
if (evaluator._tag === "Right" && read._tag === "Right") {
  for (const note of read.right.diagnostics) process.stderr.write(`${note.code}: ${note.message}\n`); // e.g. an RxNorm drug, a `>60` eGFR
  const decision = evaluate(evaluator.right, read.right.context, { now });
  if (decision._tag === "Right") {
    const { patient, context, provenance } = read.right;
    const bundle = toFhir(decision.right, { patient: { reference: patient ?? "Patient/unknown" }, context, provenance });
    process.stdout.write(JSON.stringify(bundle)); // proposals, DetectedIssues, ServiceRequests, Tasks, an AuditEvent
  }
}
