/**
 * Run as a child process (see test/no-code-generation.test.ts): counts every attempt to generate
 * code from strings (`Function`, `eval`) while @steward/core and @steward/json load and evaluate
 * the IR files and patient files named on the command line, then prints the attempts as JSON.
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

const [irFile, ...patientFiles] = process.argv.slice(2);
const core = await import("@steward/core");
const json = await import("@steward/json");
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
process.stdout.write(JSON.stringify({ attempts, decisions }));
