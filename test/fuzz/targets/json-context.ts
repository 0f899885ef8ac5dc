/**
 * Fuzz target: the example patients as JSON text, each with one value replaced (arbitrary JSON,
 * removed, nested thousands deep, a list of 200,000, a 400-digit number, `__proto__` and
 * `constructor` keys, a long string, a value doubled), through `evaluateJson`. A wrong accept is an
 * internal error, a Decision the schema refuses, or a change to Object.prototype.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateJson } from "@steward/json";
import { repoRoot } from "../../support/conformance.js";
import { bundledEvaluator, judge, mutatedText, mutations, NOW, type FuzzTarget, type Mutation } from "../host-data.js";

const folder = join(repoRoot, "examples/patients");
const patients: readonly unknown[] = readdirSync(folder)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(folder, f), "utf8")) as unknown);

const target: FuzzTarget = {
  name: "json-context",
  arbitrary: mutations(patients.length),
  run: (input) => {
    const m = input as Mutation;
    return judge(evaluateJson(bundledEvaluator(), mutatedText(patients[m.record], m), { now: NOW }), "evaluateJson");
  },
};

export default target;
