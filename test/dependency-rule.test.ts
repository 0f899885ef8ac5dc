// Enforces the package dependency table in STYLE.md §1 from each packages/*/package.json,
// then scans every packages/*/src file's import specifiers for deep imports and
// undeclared @steward dependencies.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { describe, expect, test } from "vitest";

const scope = "@steward/";
const sourceCondition = "@steward/source";

/** Which @steward packages each package may depend on; "any" is the CLI's licence. */
const allowedDependencies: Readonly<Record<string, readonly string[] | "any">> = {
  core: [],
  dsl: ["core"],
  json: ["core"],
  fhir: ["core"],
  "cds-hooks": ["core", "fhir"],
  testing: ["core", "dsl"],
  "language-server": ["core", "dsl"],
  surveillance: ["core", "json", "fhir"],
  cli: "any",
};

/** Packages nobody may depend on, because they sit at the top of the graph. */
const leaves = ["cli"];

interface Manifest {
  name?: string;
  type?: string;
  sideEffects?: unknown;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

interface Workspace {
  dir: string;
  folder: string;
  manifest: Manifest;
}

const repoRoot = resolve(import.meta.dirname, "..");
const packagesRoot = join(repoRoot, "packages");

const workspaces: Workspace[] = readdirSync(packagesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesRoot, entry.name, "package.json")))
  .map((entry) => {
    const dir = join(packagesRoot, entry.name);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
    return { dir, folder: entry.name, manifest };
  })
  .sort((a, b) => a.folder.localeCompare(b.folder));

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

function stewardDependencies(manifest: Manifest): { name: string; field: string; version: string }[] {
  return dependencyFields.flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([name]) => name.startsWith(scope))
      .map(([name, version]) => ({ name: name.slice(scope.length), field, version })),
  );
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.[cm]?tsx?$/.test(name) ? [path] : [];
  });
}

// Line-anchored so that examples inside doc comments (lines starting with `*`) are not read as imports.
const importPatterns = [
  /^\s*(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
];

function importSpecifiers(text: string): string[] {
  return importPatterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ""));
}

function packageNameOf(specifier: string): string | undefined {
  if (!specifier.startsWith(scope)) return undefined;
  return specifier.slice(scope.length).split("/")[0];
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

describe("the workspace", () => {
  test("has packages to check", () => {
    expect(workspaces.map((workspace) => workspace.folder)).toContain("core");
  });
});

describe.each(workspaces)("package $folder", ({ dir, folder, manifest }) => {
  test("is named after its folder under the @steward scope", () => {
    expect(manifest.name).toBe(`${scope}${folder}`);
  });

  test("appears in the dependency table", () => {
    expect(Object.keys(allowedDependencies)).toContain(folder);
  });

  test("depends only on the @steward packages the table allows", () => {
    const allowed = allowedDependencies[folder];
    const forbidden = stewardDependencies(manifest)
      .filter(({ name }) => name === folder || (allowed !== "any" && !allowed?.includes(name)))
      .map(({ name, field }) => `${field}: ${scope}${name}`);
    expect(forbidden).toEqual([]);
  });

  test("does not depend on a package at the top of the graph", () => {
    const offending = stewardDependencies(manifest)
      .filter(({ name }) => leaves.includes(name))
      .map(({ name, field }) => `${field}: ${scope}${name}`);
    expect(offending).toEqual([]);
  });

  test("declares every @steward dependency as workspace:*", () => {
    const loose = stewardDependencies(manifest)
      .filter(({ version }) => version !== "workspace:*")
      .map(({ name, field, version }) => `${field}: ${scope}${name}@${version}`);
    expect(loose).toEqual([]);
  });

  test("is an ES module package without side effects, or whose only side-effect modules are listed, in source and built form", () => {
    expect(manifest.type).toBe("module");
    if (manifest.sideEffects === false) return;
    expect(manifest.sideEffects).toBeInstanceOf(Array);
    const listed = manifest.sideEffects as string[];
    const sources = listed.filter((path) => path.startsWith("./src/"));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(dir, source)), source).toBe(true);
      expect(listed).toContain(source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, ".js"));
    }
    expect(listed.length).toBe(2 * sources.length);
  });

  test("exposes its root entry through the @steward/source condition", () => {
    const exportsMap = manifest.exports;
    expect(exportsMap).toBeTypeOf("object");
    const root = (exportsMap as Record<string, unknown> | null)?.["."];
    expect(root).toBeTypeOf("object");
    expect((root as Record<string, unknown> | null)?.[sourceCondition]).toMatch(/^\.\/src\//);
  });

  test("never imports another package's internals from its source", () => {
    const deepImports = sourceFiles(join(dir, "src")).flatMap((file) =>
      importSpecifiers(readFileSync(file, "utf8"))
        .filter((specifier) => {
          if (specifier.startsWith(".")) return !isInside(dir, resolve(dirname(file), specifier));
          const name = packageNameOf(specifier);
          return name !== undefined && specifier.slice(scope.length + name.length).split("/").includes("src");
        })
        .map((specifier) => `${relative(repoRoot, file)}: ${specifier}`),
    );
    expect(deepImports).toEqual([]);
  });

  test("declares in its dependencies every @steward package its source imports", () => {
    const declared = Object.keys(manifest.dependencies ?? {});
    const undeclared = sourceFiles(join(dir, "src")).flatMap((file) =>
      importSpecifiers(readFileSync(file, "utf8"))
        .map(packageNameOf)
        .filter((name): name is string => name !== undefined && name !== folder)
        .filter((name) => !declared.includes(`${scope}${name}`))
        .map((name) => `${relative(repoRoot, file)}: ${scope}${name}`),
    );
    expect(undeclared).toEqual([]);
  });
});
