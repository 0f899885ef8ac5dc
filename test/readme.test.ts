import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateCdsResponse } from "@steward/cds-hooks";
import { parse } from "@steward/dsl";
import { spawnServe } from "../packages/cds-hooks/test/support/serve-process.js";
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

describe("the README's CDS Hooks service", () => {
  const shell = blocks("sh");
  const serve = shell.find((b) => b.includes("steward serve"))!.trim();
  const curls = shell.find((b) => b.includes("curl"))!.trim().split("\n");

  test("runs as written (on a free port instead of 8080) and answers its curl commands with what the README says", async () => {
    const root = new URL("..", import.meta.url).pathname;
    const dir = mkdtempSync(join(tmpdir(), "steward-readme-"));
    const args = serve.replace(/^pnpm steward serve /, "").replace("--port 8080", "--port 0").split(" ");
    const { url, child } = await spawnServe([...args, "--database", join(dir, "readme.sqlite")]);
    try {
      const [discovery, select] = curls.map((c) => JSON.parse(execFileSync("sh", ["-c", c.replaceAll("http://127.0.0.1:8080", url)], { cwd: root, encoding: "utf8" })) as Record<string, unknown>);
      expect((discovery!["services"] as { id: string }[]).map((s) => s.id)).toEqual(["steward-patient-view", "steward-order-select", "steward-order-sign"]);
      expect(validateCdsResponse(select)).toEqual([]);
      expect((select!["cards"] as { indicator: string; summary: string }[]).map((c) => [c.indicator, c.summary])).toEqual([
        ["critical", "Code the diagnosis for amoxicillin before the prescription is generated"],
        ["info", "First choice: trimethoprim or nitrofurantoin"],
      ]);
    } finally {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
