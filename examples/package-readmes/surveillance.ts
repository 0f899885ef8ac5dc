import { createReadStream, readFileSync } from "node:fs";
import type { GuidelineIR } from "@steward/core";
import { readContexts, runAudit } from "@steward/surveillance/pipeline";
import { buildReport } from "@steward/surveillance/report";

const guidelines = [JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR];
const summary = await runAudit({
  input: readContexts(createReadStream("contexts.ndjson"), "contexts.ndjson"), // {"key", "site", "context"} a line
  worker: { guidelines, asOf: "2026-07-01T00:00:00Z" }, // the end of the audit period
  out: "audit", // rows.ndjson, orders/alerts/evaluations.parquet, metrics/*.csv
  onProblem: (p) => process.stderr.write(`${p.file}:${p.line}: ${p.code}: ${p.message}\n`),
});
const html = await buildReport({ metrics: summary.metrics });
process.stdout.write(`${summary.rows} courses audited; report of ${html.length} characters\n`);
