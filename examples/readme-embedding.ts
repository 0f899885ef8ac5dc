import { readFileSync } from "node:fs";
import { prepare, renderDecision, type GuidelineIR } from "@steward/core";
import { evaluateJson } from "@steward/json";

const ir = JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR; // from `steward compile`
const evaluator = prepare([ir]); // once; reuse for every patient
if (evaluator._tag === "Right") {
  const decision = evaluateJson(evaluator.right, readFileSync("patient.json", "utf8"), { now: new Date().toISOString() });
  if (decision._tag === "Right") process.stdout.write(renderDecision(decision.right));
  else process.stderr.write(decision.left.map((d) => d.message).join("\n")); // e.g. /patient/age: expected a number, got "abc"
}
