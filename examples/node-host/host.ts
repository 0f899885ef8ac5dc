/**
 * A minimal EPR integration: compile the guidelines once (at build time in a real product), prepare
 * them, then evaluate each patient's plain-JSON context and act on the Decision.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { prepare, renderDecision, type Decision, type Evaluator, type GuidelineIR } from "@steward/core";
import { compile, loadProgram } from "@steward/dsl";
import { evaluateJson } from "@steward/json";
import { isLeft } from "fp-ts/lib/Either.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/** Compiles the bundled NG109 guideline from its rule files (a product would ship the compiled IR instead). */
export function compileBundledGuideline(): GuidelineIR {
  const file = `${repo}guidelines/ng109-lower-uti/ng109.stw`;
  const program = loadProgram([file], {
    read: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  });
  const result = compile(program, file);
  if (isLeft(result)) throw new Error(result.left.map((d) => d.message).join("\n"));
  return result.right;
}

/** Prepares guidelines once; the Evaluator is reused for every patient. */
export function makeEvaluator(guidelines: readonly GuidelineIR[]): Evaluator {
  const prepared = prepare(guidelines);
  if (isLeft(prepared)) throw new Error(prepared.left.map((d) => d.message).join("\n"));
  return prepared.right;
}

/** What the host shows the prescriber: the decision as text, or why the record could not be evaluated. */
export function adviseOn(evaluator: Evaluator, patientJson: string, now: string): { ok: true; decision: Decision; text: string } | { ok: false; problems: string[] } {
  const result = evaluateJson(evaluator, patientJson, { now });
  if (isLeft(result)) return { ok: false, problems: result.left.map((d) => d.message) };
  return { ok: true, decision: result.right, text: renderDecision(result.right) };
}

// Run directly: `pnpm exec tsx --conditions=@steward/source examples/node-host/host.ts`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const evaluator = makeEvaluator([compileBundledGuideline()]);
  const patient = readFileSync(`${repo}examples/patients/01-woman-30-cystitis-egfr-80.json`, "utf8");
  const advice = adviseOn(evaluator, patient, "2026-11-25T09:00:00Z");
  process.stdout.write(advice.ok ? `${advice.text}\n` : `cannot evaluate:\n${advice.problems.join("\n")}\n`);
}
