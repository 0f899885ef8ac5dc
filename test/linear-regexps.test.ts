// Every regular expression in the packages runs in time linear in its input, whatever text a rule
// file, a patient record or a host sends. eslint-plugin-regexp proves it per pattern
// (no-super-linear-backtracking, no-super-linear-move); this test keeps the rules switched on for
// every source file and holds the packages to them.
import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..");
const rules = ["regexp/no-super-linear-backtracking", "regexp/no-super-linear-move"];

describe("regular expressions in the packages", () => {
  const eslint = new ESLint({ cwd: repoRoot });

  test("every source file of every package is checked for super-linear regular expressions", async () => {
    for (const file of ["packages/dsl/src/parse.ts", "packages/core/src/prepare.ts", "packages/fhir/src/codes.ts", "packages/cli/src/render.ts"]) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
      for (const rule of rules) expect([file, config.rules[rule]]).toEqual([file, [2, expect.objectContaining({ report: "potential" })]]);
    }
  });

  test("the check finds the quadratic web address pattern sources were once checked with", async () => {
    const [result] = await eslint.lintText("export const isUrl = (url: string): boolean => /^https?:\\/\\/[^\\s/]+\\.[^\\s]+$/.test(url);\n", { filePath: "packages/dsl/src/url.ts" });
    expect(result!.messages.map((m) => m.ruleId)).toContain("regexp/no-super-linear-backtracking");
  });

  test("no regular expression in the packages can take more than linear time", async () => {
    const results = await eslint.lintFiles(["packages/*/src/**/*.ts"]);
    const findings = results.flatMap((r) => r.messages.filter((m) => rules.includes(m.ruleId ?? "")).map((m) => `${r.filePath.slice(repoRoot.length + 1)}:${m.line}: ${m.message}`));
    expect(findings).toEqual([]);
  }, 180_000);
});
