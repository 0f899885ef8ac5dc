/**
 * `runAudit`: a stream of patients' records in, the audit's files out. The main thread reads the
 * input and hands batches of records to a pool of worker threads (piscina), which audit them; rows
 * come back per batch and are written in input order, so the output does not depend on how many
 * workers ran. Then DuckDB writes the Parquet tables and runs the metrics. Every file is written
 * under a temporary name and renamed when complete.
 */
import { createWriteStream, mkdirSync, renameSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { Piscina } from "piscina";
import type { AuditBatchResult, AuditWorkerData } from "./audit-worker.js";
import { partialPath, removePartials } from "./atomic.js";
import type { InputRecord, RecordProblem } from "./input-record.js";
import { loadMetrics, runMetrics, writeMetrics, type Metric, type MetricResult } from "./metrics.js";
import { writeTables, type TableName } from "./tables.js";

/** How to run an audit. */
export interface AuditRun {
  /** The patients' records. */
  readonly input: AsyncIterable<InputRecord>;
  /** What every worker needs: the compiled guidelines, the end of the audit period, how to read FHIR. */
  readonly worker: AuditWorkerData;
  /** The directory to write into (made if missing). */
  readonly out: string;
  /** Worker threads (default: every core). */
  readonly workers?: number;
  /** Records per batch handed to a worker (default 200). */
  readonly batchSize?: number;
  /** The metrics to run (default: the package's). */
  readonly metrics?: readonly Metric[];
  /** Called as records are audited. */
  readonly onProgress?: (done: { readonly records: number; readonly rows: number; readonly problems: number }) => void;
  /** Called for each record that could not be read, as soon as it is known. */
  readonly onProblem?: (problem: RecordProblem) => void;
}

/** How long each stage took, in milliseconds. */
export interface AuditStages {
  /** The main thread reading the input (and grouping a Bulk Data export). */
  readonly read: number;
  /** The workers auditing, summed over workers (their busy time). */
  readonly evaluate: number;
  /** From the first batch handed out to the last rows written: reading and auditing overlapped. */
  readonly evaluateWall: number;
  /** Writing the NDJSON rows (in the main thread) and the Parquet tables. */
  readonly write: number;
  /** Running the metrics. */
  readonly aggregate: number;
}

/** What an audit did. */
export interface AuditSummary {
  readonly records: number;
  readonly rows: number;
  readonly problems: number;
  readonly workers: number;
  /** The files written: `rows.ndjson`, the Parquet tables, the metrics' CSV files. */
  readonly files: { readonly rows: string; readonly tables: Readonly<Record<TableName, string>>; readonly metrics: readonly string[] };
  readonly metrics: readonly MetricResult[];
  readonly stages: AuditStages;
  readonly wallMs: number;
}

/**
 * The worker module, and how to start it: built, as plain Node runs it (not with the loaders of a
 * parent run through tsx, which would load the ES modules as CommonJS); from source (tests,
 * `pnpm steward`), through tsx.
 */
function workerModule(): { filename: string; execArgv: string[] } {
  if (!import.meta.url.endsWith(".ts")) return { filename: new URL("./audit-worker.js", import.meta.url).href, execArgv: [] };
  return { filename: new URL("./audit-worker-source.mjs", import.meta.url).href, execArgv: ["--conditions=@steward/source"] };
}

/** Runs an audit: rows to NDJSON and Parquet, and the metrics, in `run.out`. */
export async function runAudit(run: AuditRun): Promise<AuditSummary> {
  const started = performance.now();
  mkdirSync(run.out, { recursive: true });
  removePartials(run.out);
  const threads = Math.max(1, run.workers ?? availableParallelism());
  const batchSize = Math.max(1, run.batchSize ?? 200);
  const pool = new Piscina<readonly InputRecord[], AuditBatchResult>({ ...workerModule(), name: "auditBatch", workerData: run.worker, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const rowsFile = join(run.out, "rows.ndjson");
  const partialRows = partialPath(rowsFile);
  const stream = createWriteStream(partialRows);
  let records = 0;
  let rows = 0;
  let problems = 0;
  let readMs = 0;
  let evaluateMs = 0;
  let writeMs = 0;
  const pending: Promise<AuditBatchResult>[] = [];

  const writeNext = async (): Promise<void> => {
    const result = await pending.shift()!;
    const writing = performance.now();
    rows += result.rowCount;
    evaluateMs += result.busyMs;
    for (const p of result.problems) {
      problems++;
      run.onProblem?.(p);
    }
    if (result.rows !== "" && !stream.write(result.rows)) await once(stream, "drain");
    writeMs += performance.now() - writing;
    run.onProgress?.({ records, rows, problems });
  };

  let evaluateStart = 0;
  try {
    const iterator = run.input[Symbol.asyncIterator]();
    let batch: InputRecord[] = [];
    const submit = async (): Promise<void> => {
      if (batch.length === 0) return;
      if (evaluateStart === 0) evaluateStart = performance.now();
      pending.push(pool.run(batch));
      records += batch.length;
      batch = [];
      // Keep every worker busy, and a few batches queued, without reading the whole input ahead.
      while (pending.length > threads * 3) await writeNext();
    };
    for (;;) {
      const reading = performance.now();
      const next = await iterator.next();
      readMs += performance.now() - reading;
      if (next.done === true) break;
      batch.push(next.value);
      if (batch.length >= batchSize) await submit();
    }
    await submit();
    while (pending.length > 0) await writeNext();
    const closing = performance.now();
    stream.end();
    await once(stream, "finish");
    writeMs += performance.now() - closing;
  } catch (e) {
    stream.destroy();
    await Promise.allSettled(pending);
    removePartials(run.out);
    await pool.destroy();
    throw e;
  }
  const evaluateWall = performance.now() - evaluateStart;
  await pool.destroy();
  // The rows are complete: only now do they appear under their name.
  renameSync(partialRows, rowsFile);

  const writingTables = performance.now();
  const tables = await writeTables(rowsFile, run.out);
  writeMs += performance.now() - writingTables;

  const aggregating = performance.now();
  const metrics = await runMetrics({ orders: [tables.orders], alerts: [tables.alerts], evaluations: [tables.evaluations] }, run.metrics ?? loadMetrics());
  const metricsDir = join(run.out, "metrics");
  mkdirSync(metricsDir, { recursive: true });
  removePartials(metricsDir);
  const metricFiles = await writeMetrics(metrics, metricsDir);
  const aggregate = performance.now() - aggregating;

  return {
    records,
    rows,
    problems,
    workers: threads,
    files: { rows: rowsFile, tables, metrics: metricFiles },
    metrics,
    stages: { read: readMs, evaluate: evaluateMs, evaluateWall, write: writeMs, aggregate },
    wallMs: performance.now() - started,
  };
}
