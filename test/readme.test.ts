import { existsSync, readdirSync, readFileSync } from "node:fs";
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

const packagesWithReadmes = readdirSync(new URL("../packages/", import.meta.url)).filter((name) => existsSync(new URL(`../packages/${name}/package.json`, import.meta.url)));

describe.each(packagesWithReadmes)("the README of @steward/%s", (name) => {
  const text = readFileSync(new URL(`../packages/${name}/README.md`, import.meta.url), "utf8");
  const tsBlocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  test("starts with the package's name", () => {
    expect(text.split("\n")[0]).toBe(`# @steward/${name}`);
  });

  test("has its TypeScript example type-checked as examples/package-readmes/<package>.ts, word for word", () => {
    const file = new URL(`../examples/package-readmes/${name}.ts`, import.meta.url);
    expect(tsBlocks).toEqual(existsSync(file) ? [readFileSync(file, "utf8")] : []);
  });
});
