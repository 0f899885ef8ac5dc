/** Loads every guideline in a directory and compiles it, for the commands that evaluate. */
import { compile, loadProgram } from "@steward/dsl";
import type { Diagnostic, GuidelineIR } from "@steward/core";
import { collectRuleFiles, diskHost } from "./files.js";

/** The compiled guidelines of a directory, or the diagnostics that stop them compiling. */
export function loadGuidelines(paths: readonly string[]): { guidelines: GuidelineIR[]; diagnostics: Diagnostic[]; texts: ReadonlyMap<string, string> } {
  const files = collectRuleFiles(paths);
  const host = diskHost();
  const program = loadProgram(files, host);
  const guidelines: GuidelineIR[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const source = program.files.get(file);
    if (source === undefined || !source.ast.items.some((i) => i.kind === "guideline")) continue;
    const result = compile(program, file);
    if (result._tag === "Left") {
      diagnostics.push(...result.left);
      break; // the whole program is checked each time: the first failure already lists every error
    }
    guidelines.push(result.right);
  }
  return { guidelines, diagnostics, texts: host.texts };
}
