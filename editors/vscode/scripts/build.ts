/**
 * Bundles the extension with esbuild: the client (`dist/extension.cjs`, with `vscode` left to VS Code)
 * and the language server with the rule language inside it (`dist/server.cjs`), so the extension
 * needs nothing installed beside it.
 */
import { resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");

await build({
  entryPoints: { extension: resolve(root, "src/extension.ts"), server: resolve(root, "src/server.ts") },
  outdir: resolve(root, "dist"),
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["vscode"],
  conditions: ["@steward/source"],
  sourcemap: true,
  logLevel: "warning",
});
