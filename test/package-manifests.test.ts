// What every published package must declare (issue: packages an EPR supplier can install). The
// packed tarballs themselves are checked by test/packed/consumer.test.ts (`pnpm test:packed`).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..");
const sourceCondition = "@steward/source";

interface Manifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
  repository?: { type?: string; url?: string; directory?: string };
  files?: string[];
  bin?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  publishConfig?: { exports?: unknown };
}

const read = (path: string): Manifest => JSON.parse(readFileSync(path, "utf8")) as Manifest;
const root = read(join(repoRoot, "package.json"));
const packages = readdirSync(join(repoRoot, "packages"))
  .filter((folder) => existsSync(join(repoRoot, "packages", folder, "package.json")))
  .sort()
  .map((folder) => ({ folder, dir: join(repoRoot, "packages", folder), manifest: read(join(repoRoot, "packages", folder, "package.json")) }));

/** The exports map with the in-repo source condition taken out: what a consumer resolves. */
function withoutSource(exportsMap: Manifest["exports"]): unknown {
  return Object.fromEntries(Object.entries(exportsMap ?? {}).map(([key, target]) => [key, typeof target === "string" ? target : Object.fromEntries(Object.entries(target).filter(([condition]) => condition !== sourceCondition))]));
}

test("the repository has the Apache-2.0 licence text its packages declare", () => {
  const licence = readFileSync(join(repoRoot, "LICENSE"), "utf8");
  expect(licence).toContain("Apache License");
  expect(licence).toContain("Version 2.0, January 2004");
  expect(licence).toContain("END OF TERMS AND CONDITIONS");
  expect(root.license).toBe("Apache-2.0");
});

describe.each(packages)("@steward/$folder", ({ folder, dir, manifest }) => {
  test("says what it is, under which licence, for which Node, and where its source lives", () => {
    expect(manifest.description?.length ?? 0).toBeGreaterThan(40);
    expect(manifest.license).toBe("Apache-2.0");
    expect(manifest.engines).toEqual({ node: root.engines?.["node"] });
    expect(manifest.repository).toEqual({ ...root.repository, directory: `packages/${folder}` });
  });

  test("has the same version as every other package: they are released together", () => {
    expect(manifest.version).toBe(packages[0]!.manifest.version);
  });

  test("ships its README and the licence text", () => {
    expect(existsSync(join(dir, "README.md"))).toBe(true);
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
  });

  test("publishes its build, and its JSON Schemas when it has them", () => {
    expect(manifest.files).toContain("dist");
    if (existsSync(join(dir, "schemas"))) expect(manifest.files).toContain("schemas");
  });

  test("exports each code entry with types, import and default, built from a source file", () => {
    const code = Object.entries(manifest.exports ?? {}).filter(([, target]) => typeof target !== "string");
    expect(code.map(([key]) => key)).toContain(".");
    for (const [key, target] of code) {
      const conditions = target as Record<string, string>;
      expect(Object.keys(conditions), key).toEqual([sourceCondition, "types", "import", "default"]);
      const stem = conditions[sourceCondition]!.replace(/^\.\/src\//, "").replace(/\.ts$/, "");
      expect(existsSync(join(dir, conditions[sourceCondition]!)), key).toBe(true);
      expect(conditions, key).toEqual({ [sourceCondition]: `./src/${stem}.ts`, types: `./dist/${stem}.d.ts`, import: `./dist/${stem}.js`, default: `./dist/${stem}.js` });
    }
  });

  test("exports its package.json and each of its JSON Schemas by name", () => {
    expect(manifest.exports?.["./package.json"]).toBe("./package.json");
    const schemas = existsSync(join(dir, "schemas")) ? readdirSync(join(dir, "schemas")).filter((f) => f.endsWith(".json")) : [];
    for (const schema of schemas) expect(manifest.exports?.[`./schemas/${schema}`]).toBe(`./schemas/${schema}`);
  });

  test("publishes the same exports without the in-repo source condition, so consumers resolve only built files", () => {
    expect(manifest.publishConfig?.exports).toEqual(withoutSource(manifest.exports));
    expect(JSON.stringify(manifest.publishConfig)).not.toContain(sourceCondition);
  });
});

test("@steward/cli installs the steward command, a Node script", () => {
  const cli = packages.find((p) => p.folder === "cli")!;
  expect(cli.manifest.bin).toEqual({ steward: "./dist/main.js" });
  expect(readFileSync(join(cli.dir, "src/main.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
});
