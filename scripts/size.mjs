// Bundles what a browser host imports, from the built packages (`pnpm build` first), minifies it
// and gzips it, prints the sizes and fails when one is over its budget. Run by CI after the build.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Budgets in bytes (1 kB = 1000 bytes), for everything each entry exports. `@steward/json` reads any
 * UCUM spelling of a unit through `@steward/core/units`, whose UCUM definitions (the
 * @lhncbc/ucum-lhc library) weigh about 60 kB gzipped on their own: a host that sends units in
 * Steward's own spellings can import `@steward/core` alone and stay within its budget.
 * `@steward/fhir` runs in the browser too (a SMART on FHIR app, a CDS Hooks client in the EPR's web
 * front end) and normalises units through the same subpath; its readers, writers and mapping tables
 * add about 20 kB to core with json.
 */
const bundles = [
  { name: "@steward/core", source: 'export * from "@steward/core";', budget: 60_000 },
  { name: "@steward/core + @steward/json", source: 'export * from "@steward/core"; export * from "@steward/json";', budget: 125_000 },
  { name: "@steward/core/units", source: 'export * from "@steward/core/units";', budget: 65_000 },
  { name: "@steward/core + @steward/fhir", source: 'export * from "@steward/core"; export * from "@steward/fhir";', budget: 145_000 },
];

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
let over = 0;
for (const bundle of bundles) {
  const result = await build({
    stdin: { contents: bundle.source, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const verdict = gzipped <= bundle.budget ? "within" : "OVER";
  if (gzipped > bundle.budget) over++;
  console.log(`${bundle.name.padEnd(32)} ${kB(code.length).padStart(9)} minified  ${kB(gzipped).padStart(8)} gzip  (${verdict} the budget of ${kB(bundle.budget)})`);
}
if (over > 0) {
  console.error(`size: ${over} bundle${over === 1 ? " is" : "s are"} over budget`);
  process.exit(1);
}
