import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileSuites, coverage, renderCoverage, runSuites, tally, type GuidelineCoverage } from "@steward/testing";
import { repoHost, repoRoot } from "./guidelines.js";

const DIR = "guidelines/ng109-lower-uti";
const files = readdirSync(join(repoRoot, DIR))
  .filter((f) => f.endsWith(".test.stw"))
  .sort()
  .map((f) => `${DIR}/${f}`);

function coverageOf(testFiles: readonly string[]): GuidelineCoverage {
  const { suites, diagnostics } = compileSuites(testFiles, repoHost());
  expect(diagnostics).toEqual([]);
  const results = runSuites(suites);
  expect(results.flatMap((r) => r.results).filter((r) => !r.passed)).toEqual([]);
  const [report] = coverage(results);
  return report!;
}

const full = coverageOf(files);

describe("coverage of the NG109 scenario tests", () => {
  test("together they cover every rule, every option and every way every condition can come out", () => {
    expect(full.guideline).toBe("ng109-lower-uti");
    expect(full.items.filter((i) => !i.covered)).toEqual([]);
    expect(tally(full.items).percent).toBe(100);
  });

  test("coverage counts rules fired, options offered, and each condition true, false and (where data can be missing) unknown", () => {
    const kinds = new Set(full.items.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(["branch", "check", "outcome", "rule"]);
    expect(full.items.filter((i) => i.kind === "rule")).toHaveLength(21);
    expect(full.items.filter((i) => i.kind === "outcome").map((i) => i.id)).toContain("non-pregnant-women/option-0");
    const branches = full.items.filter((i) => i.kind === "branch").map((i) => i.id);
    expect(branches).toEqual(expect.arrayContaining(["define:on-treatment-for-uti=true", "define:on-treatment-for-uti=false", "define:on-treatment-for-uti=unknown"]));
    expect(branches).toEqual(expect.arrayContaining(["resistance:resistant-urine-culture/when/0=true", "resistance:resistant-urine-culture/when/0=false"]));
    // The formulary's contraindications of the drugs NG109 offers are checks: each must have been seen to exclude its drug.
    expect(full.items.filter((i) => i.kind === "check").map((i) => i.id)).toEqual([
      "contraindication:nitrofurantoin-at-term/when",
      "contraindication:nitrofurantoin-egfr-below-45/when",
      "contraindication:trimethoprim-first-trimester/when",
    ]);
  });

  test("leaving out the culture-result scenarios lowers the coverage, and the culture rules are reported as never fired", () => {
    const less = coverageOf(files.filter((f) => !f.endsWith("/culture-results.test.stw")));
    expect(tally(less.items).percent).toBeLessThan(100);
    expect(less.items.map((i) => i.id)).toEqual(full.items.map((i) => i.id));
    const missed = less.items.filter((i) => !i.covered).map((i) => i.description);
    expect(missed).toContain("rule culture-resistant-improving never fired");
  });

  test("the coverage report gives the total, the four counts and what was not covered", () => {
    expect(renderCoverage([full])).toBe(
      [
        `coverage of ng109-lower-uti: 100.0% (${full.items.length}/${full.items.length})`,
        "  rules     100.0%  21/21",
        "  outcomes  100.0%  22/22",
        `  branches  100.0%  ${full.items.length - 46}/${full.items.length - 46}`,
        "  checks    100.0%  3/3",
      ].join("\n"),
    );
    const less = coverageOf([`${DIR}/table-3-men.test.stw`]);
    const text = renderCoverage([less]);
    expect(text).toMatch(/^coverage of ng109-lower-uti: \d+\.\d% \(\d+\/\d+\)$/m);
    expect(text).toContain("  not covered:\n    - rule non-pregnant-women never fired");
    expect(text).toContain("    - `sex is male` (rule men) was never unknown");
  });
});
