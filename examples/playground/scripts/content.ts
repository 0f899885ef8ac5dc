/** An esbuild plugin providing `steward:bundled`: the repository's rule files and example patients, so the page needs no network. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Plugin } from "esbuild";

const repoRoot = resolve(import.meta.dirname, "../../..");

function walk(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path, extension) : entry.name.endsWith(extension) ? [path] : [];
    });
}

/** The bundled files: `/guidelines/…` paths to their text, and the example patients by name. */
export function bundledContent(): { files: Record<string, string>; patients: { name: string; text: string }[] } {
  const files = Object.fromEntries(walk(resolve(repoRoot, "guidelines"), ".stw").map((path) => [`/${relative(repoRoot, path).split("\\").join("/")}`, readFileSync(path, "utf8")]));
  const patients = walk(resolve(repoRoot, "examples/patients"), ".json").map((path) => ({ name: relative(resolve(repoRoot, "examples/patients"), path), text: readFileSync(path, "utf8") }));
  return { files, patients };
}

/** Resolves `steward:bundled` to a module holding the bundled content. */
export const contentPlugin: Plugin = {
  name: "steward-bundled-content",
  setup(build) {
    build.onResolve({ filter: /^steward:bundled$/ }, () => ({ path: "steward:bundled", namespace: "steward-bundled" }));
    build.onLoad({ filter: /.*/, namespace: "steward-bundled" }, () => {
      const { files, patients } = bundledContent();
      return { contents: `export const files = ${JSON.stringify(files)};\nexport const patients = ${JSON.stringify(patients)};\n`, loader: "js" };
    });
  },
};
