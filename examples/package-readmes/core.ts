import { readFileSync } from "node:fs";
import { evaluate, IR_VERSION, prepare, renderDecision, type GuidelineIR } from "@steward/core";

const ir = JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR; // from `steward compile`
if (ir.irVersion !== IR_VERSION) throw new Error(`recompile ng109: IR version ${ir.irVersion}, evaluator ${IR_VERSION}`);
const evaluator = prepare([ir]); // once, then reuse for every patient
if (evaluator._tag === "Left") throw new Error(evaluator.left.map((d) => d.message).join("\n"));

const context = { setting: "primary-care", patient: { age: 30, sex: "female", pregnancy: { status: "not-pregnant" } }, diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }] };
const decision = evaluate(evaluator.right, context, { now: "2026-11-25T09:00:00Z" });
if (decision._tag === "Right") process.stdout.write(renderDecision(decision.right));
else process.stderr.write(decision.left.map((d) => `${d.code}: ${d.message}`).join("\n")); // each names its field, e.g. /patient/age
