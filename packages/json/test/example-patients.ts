/** The committed NG109 guideline, compiled once, and the example patient files the tests evaluate. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { prepare, type Evaluator } from "@steward/core";
import { compileText } from "@steward/dsl";

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, "../../..");

/** The moment the example patients are evaluated at, as in the README. */
export const NOW = "2026-11-25T09:00:00Z";

/** Each example patient file's name and text, in name order. */
export const examplePatients: readonly { readonly name: string; readonly text: string }[] = readdirSync(join(repoRoot, "examples/patients"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(repoRoot, "examples/patients", name), "utf8") }));

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The NG109 guideline compiled from `guidelines/`, ready to evaluate. */
export function ng109(): Evaluator {
  const file = join(repoRoot, "guidelines/ng109-lower-uti/ng109.stw");
  const ir = compileText(readFileSync(file, "utf8"), file, { read: readOrUndefined });
  if (ir._tag === "Left") throw new Error(`the committed guideline does not compile: ${ir.left.map((d) => d.message).join("; ")}`);
  const evaluator = prepare([ir.right]);
  if (evaluator._tag === "Left") throw new Error(`the committed guideline cannot be prepared: ${evaluator.left.map((d) => d.message).join("; ")}`);
  return evaluator.right;
}
