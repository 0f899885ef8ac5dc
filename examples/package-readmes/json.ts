import { readFileSync } from "node:fs";
import { prepare, type GuidelineIR } from "@steward/core";
import { evaluateJson, validateDecision } from "@steward/json";

const evaluator = prepare([JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR]);
if (evaluator._tag === "Right") {
  const decision = evaluateJson(evaluator.right, readFileSync("patient.json", "utf8"), { now: "2026-11-25T09:00:00Z" });
  if (decision._tag === "Left") process.stderr.write(decision.left.map((d) => d.message).join("\n")); // line and column, or the field's JSON pointer
  else process.stdout.write(JSON.stringify(decision.right)); // store it; validateDecision checks it when read back
  const stored = validateDecision(JSON.parse(readFileSync("decision.json", "utf8")));
  if (stored._tag === "Left") process.stderr.write(stored.left.map((d) => d.message).join("\n"));
}
