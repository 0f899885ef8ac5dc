import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileScenarios, loadProgram } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import { repoHost, repoRoot } from "./guidelines.js";

const doc = readFileSync(join(repoRoot, "docs/testing.md"), "utf8");

/** The text of docs/testing.md between the line starting with `from` and the next line starting with `to`. */
function between(from: string, to: string): string {
  const start = doc.indexOf(`\n${from}`);
  expect(start, from).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf(`\n${to}`, start + 1);
  expect(end, to).toBeGreaterThan(start);
  return doc.slice(start + 1, end);
}

/** The example (last column) of every row of a phrase table. */
function examples(table: string): string[] {
  return table
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) => /\| `([^`]+)` \|$/.exec(l)?.[1] ?? `no example in: ${l}`);
}

const givenExamples = examples(between("<!-- given phrases", "<!-- end of given phrases"));
const expectExamples = examples(between("<!-- expect phrases", "<!-- end of expect phrases"));
const primaryCareExamples = examples(between("<!-- primary-care phrases", "<!-- end of primary-care phrases"));
const FILE = "guidelines/ng109-lower-uti/docs-examples.test.stw";
const PRIMARY_CARE_FILE = "packages/testing/test/fixtures/docs-examples.test.stw";

/** The examples as scenarios in a test file next to ng109.stw (or next to `guideline`), compiled. */
function compileExamples(scenarios: readonly string[], file = FILE, guideline = "ng109.stw") {
  const text = `tests "${guideline}" at 2026-11-25T09:00:00Z\n\n${scenarios.join("\n\n")}\n`;
  const compiled = compileScenarios(loadProgram([file], repoHost({ [file]: text })), file);
  if (isLeft(compiled)) throw new Error(compiled.left.map((d) => `${d.span?.line ?? "?"}: ${d.message}`).join("\n"));
  return compiled.right.suite.scenarios;
}

describe("docs/testing.md", () => {
  test("the developer example is exactly packages/testing/test/docs-example.test.ts", () => {
    const block = between("<!-- packages/testing/test/docs-example.test.ts", "### What a failure looks like");
    const code = /```ts\n([\s\S]*?)```/.exec(block)?.[1];
    expect(code).toBe(readFileSync(join(import.meta.dirname, "docs-example.test.ts"), "utf8"));
  });

  test("every given phrase has an example, and each example compiles against NG109 and records something", () => {
    expect(givenExamples).toHaveLength(40);
    const scenarios = compileExamples(givenExamples.map((e, i) => `scenario "given ${i}" {\n  given {\n    ${e}\n  }\n  expect {\n  }\n}`));
    expect(scenarios).toHaveLength(givenExamples.length);
    for (const [i, s] of scenarios.entries()) expect(s.context, givenExamples[i]).not.toEqual({ patient: {}, setting: "primary-care" });
  });

  test("every expect phrase has an example, and each example compiles against NG109 to one expectation", () => {
    expect(expectExamples).toHaveLength(38);
    const scenarios = compileExamples(expectExamples.map((e, i) => `scenario "expect ${i}" {\n  given {\n    sex male\n    diagnosis lower-uti\n  }\n  expect {\n    ${e}\n  }\n}`));
    expect(scenarios.map((s) => s.expectations.length)).toEqual(expectExamples.map(() => 1));
    expect(new Set(scenarios.map((s) => s.expectations[0]!.kind)).size).toBe(28);
  });

  test("every primary-care phrase has an example, and each compiles against the primary-care fixture", () => {
    expect(primaryCareExamples).toHaveLength(7);
    const [given, ...expected] = primaryCareExamples;
    const scenarios = compileExamples(
      [
        `scenario "given" {\n  given {\n    ${given}\n  }\n  expect {\n  }\n}`,
        ...expected.map((e, i) => `scenario "expect ${i}" {\n  given {\n    diagnosis pneumonia\n  }\n  expect {\n    ${e}\n  }\n}`),
      ],
      PRIMARY_CARE_FILE,
      "primary-care.stw",
    );
    expect(scenarios[0]!.context.observations).toEqual([{ code: { system: "http://snomed.info/sct", code: "1104051000000101" }, value: 4, unit: "{score}", time: "2026-11-24" }]);
    expect(scenarios.slice(1).map((s) => s.expectations.map((e) => e.kind))).toEqual([["score"], ["score"], ["offers"], ["strategy"], ["advises"], ["missing"]]);
  });
});
