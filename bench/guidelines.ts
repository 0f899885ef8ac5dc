/** Reading and compiling the repository's rule files for the benches. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic, GuidelineIR } from "@steward/core";
import { compile, loadProgram, type SourceHost } from "@steward/dsl";

/** The repository root (the folder above `bench/`). */
export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** A source host that reads files relative to the repository root. */
export function diskHost(): SourceHost {
  return {
    read: (path) => {
      try {
        return readFileSync(join(repoRoot, path), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

/** Every `.stw` file under `dir` (relative to the repository root), sorted. */
export function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const full = join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".stw")) out.push(relative(repoRoot, full).split("\\").join("/"));
    }
  };
  walk(join(repoRoot, dir));
  return out.sort();
}

/** Throws with the first diagnostics when a compile failed: a bench on a broken guideline means nothing. */
export function unwrap<T>(result: { _tag: "Left"; left: readonly Diagnostic[] } | { _tag: "Right"; right: T }, what: string): T {
  if (result._tag === "Right") return result.right;
  const shown = result.left.slice(0, 5).map((d) => `  ${d.code} ${d.span ? `${d.span.file}:${d.span.line}:${d.span.column} ` : ""}${d.message}`);
  throw new Error(`${what} failed:\n${shown.join("\n")}`);
}

/**
 * Compiles every file under `dir` that has a `guideline` header, each in its own program (the file
 * and what it imports), so a broken file elsewhere in the folder does not stop the others.
 */
export function compileGuidelines(dir: string): GuidelineIR[] {
  const host = diskHost();
  const out: GuidelineIR[] = [];
  for (const file of ruleFiles(dir)) {
    const program = loadProgram([file], host);
    const source = program.files.get(file);
    if (source === undefined || !source.ast.items.some((i) => i.kind === "guideline")) continue;
    out.push(unwrap(compile(program, file), `compiling ${file}`));
  }
  return out;
}
