import { readFileSync } from "node:fs";
import { parse } from "@steward/dsl";
import { describe, expect, test } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = (lang: string): string[] => [...readme.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

describe("README", () => {
  test("its TypeScript examples are the type-checked files examples/readme-embedding.ts and examples/readme-fhir.ts, word for word", () => {
    const example = (name: string): string => readFileSync(new URL(`../examples/${name}`, import.meta.url), "utf8");
    expect(blocks("ts")).toEqual([example("readme-embedding.ts"), example("readme-fhir.ts")]);
  });

  test("its rule example parses without syntax errors", () => {
    const [rule] = blocks("stw");
    expect(rule).toBeDefined();
    expect(parse(rule!, "README.md").diagnostics).toEqual([]);
  });

  test("names pnpm test as the test command, which is what .ci/run runs", () => {
    const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
    expect(readme).toContain("pnpm install --frozen-lockfile && pnpm test");
    expect(ci).toMatch(/^\s*pnpm test\s*$/m);
  });
});
