// Every guideline under guidelines/, compiled from its rule files, for cross-package tests.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { isLeft } from "fp-ts/lib/Either.js";
import type { GuidelineIR } from "@steward/core";
import { compile, loadProgram } from "@steward/dsl";

/** The repository root. */
export const root = fileURLToPath(new URL("..", import.meta.url));

/** Compiles every guideline file under guidelines/ (library files and scenario files are skipped); throws on a compile error. */
export function bundledGuidelines(): GuidelineIR[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".stw") && !e.name.endsWith(".test.stw")) files.push(relative(root, full));
    }
  };
  walk(join(root, "guidelines"));
  const host = { read: (path: string) => readFileSync(join(root, path), "utf8") };
  return files.flatMap((file) => {
    const program = loadProgram([file], host);
    if (!program.files.get(file)?.ast.items.some((i) => i.kind === "guideline")) return [];
    const compiled = compile(program, file);
    if (isLeft(compiled)) throw new Error(`${file}: ${compiled.left.map((d) => d.message).join("; ")}`);
    return [compiled.right];
  });
}
