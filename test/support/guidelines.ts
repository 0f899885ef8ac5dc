/** Every guideline bundled in `guidelines/`, compiled, for the tests that evaluate them. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isLeft } from "fp-ts/lib/Either.js";
import { prepare, type Evaluator, type GuidelineIR } from "@steward/core";
import { compile, compileText, loadProgram } from "@steward/dsl";
import { repoRoot } from "./conformance.js";

/** The compiled bundled guidelines, in file order. */
export function bundledGuidelines(): GuidelineIR[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".stw") && !e.name.endsWith(".test.stw")) files.push(relative(repoRoot, full));
    }
  };
  walk(join(repoRoot, "guidelines"));
  const host = { read: (path: string) => readFileSync(join(repoRoot, path), "utf8") };
  return files.flatMap((file) => {
    const program = loadProgram([file], host);
    if (!program.files.get(file)?.ast.items.some((i) => i.kind === "guideline")) return [];
    const compiled = compile(program, file);
    if (isLeft(compiled)) throw new Error(`${file}: ${compiled.left.map((d) => d.message).join("; ")}`);
    return [compiled.right];
  });
}

/** An evaluator of `guidelines`, by default the bundled ones; throws when they cannot be prepared. */
export function evaluatorOf(guidelines: readonly GuidelineIR[] = bundledGuidelines()): Evaluator {
  const evaluator = prepare(guidelines);
  if (isLeft(evaluator)) throw new Error(evaluator.left.map((d) => d.message).join("; "));
  return evaluator.right;
}

/** Compiles one guideline written for a test (`file` is where its imports are resolved from, relative to the repository root); throws on an error. */
export function compileGuideline(text: string, file: string): GuidelineIR {
  const compiled = compileText(text, file, { read: (path) => readFileSync(join(repoRoot, path), "utf8") });
  if (isLeft(compiled)) throw new Error(`${file}: ${compiled.left.map((d) => d.message).join("; ")}`);
  return compiled.right;
}
