// The audit worker run from its TypeScript source (tests, `pnpm steward`); a built package starts
// dist/pipeline/audit-worker.js instead. piscina tries require() first, which would load the source
// as CommonJS; the top-level await below makes that fail, so piscina imports this file as an ES
// module, and tsx's tsImport loads the source as ES modules too.
const { tsImport } = await import("tsx/esm/api");
const worker = await tsImport("./audit-worker.ts", import.meta.url);
export const auditBatch = worker.auditBatch;
