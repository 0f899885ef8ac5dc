/**
 * Builds the playground into dist/: the page, its stylesheet, the app bundle and the language
 * server's worker bundle, each with the rule language and the bundled guidelines inside.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";
import { contentPlugin } from "./content.js";

/** Where the built page is written. */
export const distDir = resolve(import.meta.dirname, "../dist");

/** Builds the page into `distDir`. */
export async function buildPlayground(): Promise<void> {
  const root = resolve(import.meta.dirname, "..");
  mkdirSync(distDir, { recursive: true });
  await build({
    entryPoints: { main: resolve(root, "src/main.ts"), worker: resolve(root, "src/worker.ts") },
    outdir: distDir,
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    conditions: ["@steward/source"],
    minify: true,
    sourcemap: true,
    plugins: [contentPlugin],
    logLevel: "warning",
  });
  for (const file of ["index.html", "style.css"]) copyFileSync(resolve(root, "src", file), resolve(distDir, file));
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPlayground();
