/**
 * The metrics: one SQL file each in the package's `metrics/` folder, read as written, with a header
 * of `-- name: value` lines saying what it measures and where the requirement comes from. DuckDB
 * runs each over the audit's Parquet tables, exposed as the views `orders`, `alerts` and
 * `evaluations` (on another engine, create tables of those names over the same files). Every
 * metric is grouped by site and month and returns counts only, so results of several runs over
 * shards add up to the result of one run over all.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { replaceAtomically } from "./atomic.js";
import { openDuckDb, sqlString, tableNames, type TableName } from "./tables.js";

/** A metric: its SQL and what its header says. */
export interface Metric {
  /** The metric's name (the file's, without `.sql`). */
  readonly name: string;
  readonly title: string;
  /** What it counts, in words. */
  readonly definition: string;
  /** The requirement or target it reports on, with its citation. */
  readonly source: string;
  /** What the record must hold for it to be counted. */
  readonly requires: string;
  /** The share it reports, as `numerator / denominator` column names, if it reports one. */
  readonly share?: { readonly numerator: string; readonly denominator: string };
  /** A target share, with its words (`0.70 UK NAP …`), if there is one. */
  readonly target?: { readonly value: number; readonly label: string };
  /** Columns besides site and month that each row is for (a rule, a guideline version). */
  readonly per: readonly string[];
  /** The file it was read from and its text. */
  readonly file: string;
  readonly sql: string;
}

/** A metric's result: its columns and rows (counts as numbers). */
export interface MetricResult {
  readonly metric: Metric;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string | number | boolean | null>>[];
}

/** The folder holding the metrics' SQL files shipped with the package. */
export const metricsFolder = fileURLToPath(new URL("../../metrics/", import.meta.url));

/** Reads one metric's SQL file. */
export function readMetric(file: string): Metric {
  const sql = readFileSync(file, "utf8");
  const header = new Map<string, string>();
  for (const line of sql.split("\n")) {
    const m = /^--\s*([a-z]+):(.*)$/.exec(line);
    if (m !== null) header.set(m[1]!, m[2]!.trim());
  }
  const name = file.split(/[\\/]/).pop()!.replace(/\.sql$/, "");
  const share = header.get("share")?.split("/").map((s) => s.trim());
  const target = /^([0-9.]+)\s(.*)$/.exec(header.get("target") ?? "");
  return {
    name,
    title: header.get("title") ?? name,
    definition: header.get("definition") ?? "",
    source: header.get("source") ?? "",
    requires: header.get("requires") ?? "",
    ...(share?.length === 2 ? { share: { numerator: share[0]!, denominator: share[1]! } } : {}),
    ...(target === null ? {} : { target: { value: Number(target[1]), label: target[2]!.trimStart() } }),
    per: (header.get("per") ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""),
    file,
    sql,
  };
}

/** Every metric in `folder` (by default the package's), in name order. */
export function loadMetrics(folder: string = metricsFolder): Metric[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readMetric(join(folder, f)));
}

const plain = (value: unknown): string | number | boolean | null => (typeof value === "bigint" ? Number(value) : value === undefined ? null : (value as string | number | boolean | null));

/** Runs the metrics over the Parquet files of each table (from one run, or from several shards' runs). */
export async function runMetrics(tables: Readonly<Record<TableName, readonly string[]>>, metrics: readonly Metric[] = loadMetrics()): Promise<MetricResult[]> {
  const db = await openDuckDb();
  try {
    for (const table of tableNames) await db.connection.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet([${tables[table].map(sqlString).join(", ")}])`);
    const results: MetricResult[] = [];
    for (const metric of metrics) {
      const reader = await db.connection.runAndReadAll(metric.sql);
      const columns = reader.columnNames();
      const rows = reader.getRowObjects().map((row) => Object.fromEntries(columns.map((c) => [c, plain(row[c])])));
      results.push({ metric, columns, rows });
    }
    return results;
  } finally {
    db.close();
  }
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A metric's result as CSV text, with a header row. */
export function metricCsv(result: MetricResult): string {
  return [result.columns.join(","), ...result.rows.map((r) => result.columns.map((c) => csvField(r[c] ?? null)).join(","))].join("\n") + "\n";
}

/** Writes each result to `<dir>/<metric>.csv`, atomically; returns the files. */
export async function writeMetrics(results: readonly MetricResult[], dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const result of results) {
    const file = join(dir, `${result.metric.name}.csv`);
    await replaceAtomically(file, async (partial) => writeFileSync(partial, metricCsv(result)));
    files.push(file);
  }
  return files;
}
