// @steward/core's main entry must stay small for browsers: the UCUM library (tens of kilobytes)
// is reached only through the `@steward/core/units` subpath. Follows the static imports from each
// entry and lists the packages they reach (`#fp-ts` is core's own import map onto fp-ts;
// `@noble/hashes` is the SHA-256 `prepare` checks each guideline's content hash with).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const coreSrc = resolve(import.meta.dirname, "../packages/core/src");

/** The packages (not relative files) a source file reaches through its imports, transitively. */
function packagesReached(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)) {
      if (m[1] !== undefined) continue; // type-only imports are erased
      const spec = m[2]!;
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  visit(join(coreSrc, entry));
  return packages;
}

const exported = JSON.parse(readFileSync(resolve(coreSrc, "../package.json"), "utf8")) as { exports: Record<string, { "@steward/source": string }> };

describe("@steward/core entries", () => {
  test("the main entry never reaches the UCUM library", () => {
    expect([...packagesReached(exported.exports["."]!["@steward/source"].replace("./src/", ""))].sort()).toEqual(["#fp-ts", "@noble/hashes", "zod"]);
  });

  test("the units subpath does", () => {
    expect(packagesReached(exported.exports["./units"]!["@steward/source"].replace("./src/", ""))).toContain("@lhncbc/ucum-lhc");
  });
});
