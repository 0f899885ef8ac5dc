/**
 * `steward report`: the metrics of one audit, or of several (shards), as a self-contained HTML page
 * with a chart per metric by site and month, the rules with the highest alert rates and, when the
 * CDS Hooks service's feedback store is given, the override rates. Every figure names its SQL.
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Option } from "commander";
import { partialPath, runMetrics, tableNames, type TableName } from "@steward/surveillance/pipeline";
import { buildReport, readOverrideRates } from "@steward/surveillance/report";
import { usageError, type CommandSpec } from "../command.js";
import { Output, type CommandResult, type Environment } from "../io.js";

/** `steward report`. */
export const reportCommand: CommandSpec = {
  name: "report",
  summary: "write a self-contained HTML report of the audit metrics, each chart traceable to its SQL",
  usage: "--audit <dir> [--audit <dir>...] --out <file.html> [options]",
  operands: [],
  options: [
    new Option("--audit <dir>", "a directory `steward audit --out` wrote; repeat for the shards of one population")
      .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
      .makeOptionMandatory(),
    new Option("--out <file>", "the HTML file to write").makeOptionMandatory(),
    new Option("--feedback <file>", "the CDS Hooks service's feedback store (its SQLite file), for override rates; skipped with a warning when missing or unreadable"),
    new Option("--title <text>", "the report's title"),
  ],
  exitCodes: [
    [0, "the report was written"],
    [2, "bad usage, or a directory that holds no audit"],
  ],
  example: "steward report --audit audit --out report.html",
  run: (_, values, environment) => runReport(values, environment),
};

async function runReport(values: Readonly<Record<string, unknown>>, environment: Environment): Promise<CommandResult> {
  const audits = values["audit"] as string[];
  const outFile = values["out"] as string;
  const feedback = values["feedback"] as string | undefined;
  for (const dir of audits) {
    const missing = tableNames.filter((t) => !existsSync(join(dir, `${t}.parquet`)));
    if (missing.length > 0) return usageError(reportCommand, `\`${dir}\` holds no audit (no ${missing.map((t) => `${t}.parquet`).join(", ")}): write one with \`steward audit --out ${dir}\``);
  }
  const output = new Output();
  const tables = Object.fromEntries(tableNames.map((t) => [t, audits.map((dir) => join(dir, `${t}.parquet`))])) as Record<TableName, string[]>;
  const metrics = await runMetrics(tables);
  let overrides;
  if (feedback !== undefined) {
    const read = readOverrideRates(feedback);
    if (read._tag === "Left") for (const d of read.left) output.error(`${environment.style.stderr.bold(`${feedback}:`)} warning[${d.code}]: ${d.message}${d.hint === undefined ? "" : ` (${d.hint})`}`);
    else overrides = read.right;
  }
  const html = await buildReport({
    metrics,
    ...(overrides === undefined ? {} : { overrides }),
    notes: [`Audits: ${audits.join(", ")}.`],
    ...(values["title"] === undefined ? {} : { title: values["title"] as string }),
  });
  const partial = partialPath(outFile);
  writeFileSync(partial, html);
  renameSync(partial, outFile);
  output.print(`report: ${outFile} (${metrics.length} metrics from ${audits.length} audit${audits.length === 1 ? "" : "s"}${overrides === undefined ? "" : ", with override rates"})`);
  return output.done(0);
}
