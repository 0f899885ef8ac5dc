// host.ts: node host.js <patient.json> <guideline.ir.json>...
import { readFileSync } from "node:fs";
import { prepare, renderDecision } from "@steward/core";
import { evaluateJson } from "@steward/json";

const [patientFile, ...guidelineFiles] = process.argv.slice(2);
if (patientFile === undefined || guidelineFiles.length === 0) {
  process.stderr.write("usage: node host.js <patient.json> <guideline.ir.json>...\n");
  process.exit(2);
}

// Once, at start-up: the compiled guidelines, checked (IR version, shape) and indexed.
const evaluator = prepare(guidelineFiles.map((file) => JSON.parse(readFileSync(file, "utf8")) as unknown));
if (evaluator._tag === "Left") {
  for (const d of evaluator.left) process.stderr.write(`${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ""}\n`);
  process.exit(1);
}

// For each patient: Steward never reads the clock, so the host passes the time (here, now,
// unless STEWARD_NOW replays a stored record at the moment it was made).
const now = process.env["STEWARD_NOW"] ?? new Date().toISOString();
const decision = evaluateJson(evaluator.right, readFileSync(patientFile, "utf8"), { now });
if (decision._tag === "Left") {
  for (const d of decision.left) process.stderr.write(`${d.code}: ${d.message}\n`); // each names the field: /patient/age
  process.exit(1);
}
process.stdout.write(`${renderDecision(decision.right)}\n`);
