/**
 * The audit as files, in Node: read contexts NDJSON, a directory of FHIR bundles or a FHIR Bulk
 * Data export; audit on every core (worker threads); write the rows as NDJSON and Parquet and the
 * metrics (SQL run by DuckDB) as CSV, each file whole or not at all.
 *
 * @module @steward/surveillance/pipeline
 */
export type { ContextRecord, FhirRecord, InputRecord, RecordProblem, RecordSource } from "./input-record.js";
export { isBulkData, readBulkData, readBundles, readContexts } from "./read-input.js";
export type { KeySource } from "./patient-keys.js";
export type { AuditBatchResult, AuditWorkerData } from "./audit-worker.js";
export type { AuditRun, AuditStages, AuditSummary } from "./run-audit.js";
export { runAudit } from "./run-audit.js";
export type { TableName } from "./tables.js";
export { tableNames, writeTables } from "./tables.js";
export type { Metric, MetricResult } from "./metrics.js";
export { loadMetrics, metricCsv, metricsFolder, readMetric, runMetrics, writeMetrics } from "./metrics.js";
export { partialPath } from "./atomic.js";
