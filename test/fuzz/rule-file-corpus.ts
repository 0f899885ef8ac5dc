/**
 * The real rule files the rule-file fuzz targets start from: every `.stw` file under `guidelines/`
 * that is not a scenario file, held in memory by its path relative to the repository root.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../..");

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith(".stw") && !entry.name.endsWith(".test.stw")) out.push(full);
  }
  return out;
}

/** Every guideline and shared rule file, by path (`guidelines/ng109-lower-uti/ng109.stw`). */
export const ruleFiles: Readonly<Record<string, string>> = Object.fromEntries(
  walk(join(repoRoot, "guidelines"), [])
    .sort()
    .map((file) => [relative(repoRoot, file).split("\\").join("/"), readFileSync(file, "utf8")]),
);

/** The files that hold a guideline header: the roots a mutated program is compiled from. */
export const guidelineFiles: readonly string[] = Object.keys(ruleFiles).filter((path) => /^guideline /m.test(ruleFiles[path]!));
