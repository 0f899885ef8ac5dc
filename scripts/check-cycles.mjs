// Fails (exit 1) when the files under packages/*/src import each other in a cycle.
// Usage: node scripts/check-cycles.mjs [repo-root]   (defaults to this repository)
// Resolution is TypeScript's (bundler mode, which madge can drive), so `.js` specifiers map to
// `.ts` files and `@steward/x` maps to packages/x/src through the "@steward/source" condition.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import madge from "madge";

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const packagesDir = join(root, "packages");

const sourceDirs = existsSync(packagesDir)
  ? readdirSync(packagesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(packagesDir, entry.name, "src"))
      .filter((dir) => existsSync(dir))
  : [];

if (sourceDirs.length === 0) {
  console.error(`check-cycles: no packages/*/src directories under ${root}`);
  process.exit(1);
}

const result = await madge(sourceDirs, {
  baseDir: root,
  fileExtensions: ["ts", "mts"],
  tsConfig: {
    compilerOptions: { module: "esnext", moduleResolution: "bundler", customConditions: ["@steward/source"] },
  },
  // Type-only imports count too: a cycle of types still tangles the concepts.
  detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
});

const files = Object.keys(result.obj()).length;
const cycles = result.circular();

if (cycles.length > 0) {
  console.error(`check-cycles: ${cycles.length} import cycle(s) among ${files} files:`);
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(" -> ")}`);
  process.exit(1);
}

const skipped = result.warnings().skipped;
if (skipped.length > 0) {
  console.error(`check-cycles: could not resolve (not checked): ${skipped.map((path) => relative(root, path)).join(", ")}`);
}
console.log(`check-cycles: no import cycles among ${files} files in ${sourceDirs.length} packages`);
