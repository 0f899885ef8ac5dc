/**
 * Run as a child process (see test/no-code-generation.test.ts): counts every attempt to generate
 * code from strings (`Function`, `eval`) while @steward/core, @steward/json and @steward/fhir load
 * and evaluate the IR file and patient files named on the command line (after `--fhir`, FHIR
 * records, read with fromFhir and written back with toFhir), then prints the attempts as JSON.
 */
import { readFileSync } from "node:fs";

const attempts: string[] = [];
const RealFunction = Function;
globalThis.Function = new Proxy(RealFunction, {
  construct: (target, args) => (attempts.push(`new Function(${JSON.stringify(args)})`), Reflect.construct(target, args)),
  apply: (target, self, args) => (attempts.push(`Function(${JSON.stringify(args)})`), Reflect.apply(target, self, args)),
});
const realEval = globalThis.eval;
globalThis.eval = new Proxy(realEval, { apply: (target, self, args) => (attempts.push("eval"), Reflect.apply(target, self, args)) });

const [irFile, ...files] = process.argv.slice(2);
const fhirAt = files.indexOf("--fhir");
const patientFiles = fhirAt < 0 ? files : files.slice(0, fhirAt);
const fhirFiles = fhirAt < 0 ? [] : files.slice(fhirAt + 1);
const core = await import("@steward/core");
const json = await import("@steward/json");
const fhir = await import("@steward/fhir");
const evaluator = core.prepare([JSON.parse(readFileSync(irFile!, "utf8"))]);
if (evaluator._tag === "Left") throw new Error("the IR does not prepare");
let decisions = 0;
for (const file of patientFiles) {
  const text = readFileSync(file, "utf8");
  const decision = json.evaluateJson(evaluator.right, text, { now: "2026-11-25T09:00:00Z" });
  if (decision._tag === "Right" && json.validateDecision(JSON.parse(JSON.stringify(decision.right)))._tag === "Right") decisions++;
  core.explain(evaluator.right, JSON.parse(text), { now: "2026-11-25T09:00:00Z" });
}
json.evaluateJson(evaluator.right, '{"patient": {"age": "abc"}}', { now: "2026-11-25T09:00:00Z" });
let bundles = 0;
for (const file of fhirFiles) {
  const read = fhir.fromFhir(JSON.parse(readFileSync(file, "utf8")), { now: "2026-11-25T09:00:00Z", setting: "primary-care" });
  if (read._tag === "Left") continue;
  const decision = core.evaluate(evaluator.right, read.right.context, { now: "2026-11-25T09:00:00Z" });
  if (decision._tag === "Right") {
    const { patient, context, provenance } = read.right;
    if (fhir.toFhir(decision.right, { patient: { reference: patient ?? "Patient/unknown" }, context, provenance }).resourceType === "Bundle") bundles++;
  }
}
process.stdout.write(JSON.stringify({ attempts, decisions, bundles }));
