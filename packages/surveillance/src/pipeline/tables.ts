/**
 * The audit rows as Parquet, by DuckDB: `orders.parquet` (one row per course, flat columns),
 * `alerts.parquet` (one row per alert raised about a course) and `evaluations.parquet` (one row per
 * guideline evaluated for a course, with its version and content hash). Flat tables with plain
 * column names, so the same SQL runs on DuckDB, Spark SQL, Trino and BigQuery. Each file is written
 * under a temporary name and renamed when complete: an interrupted run leaves no partial Parquet.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { replaceAtomically } from "./atomic.js";

/** The tables the audit writes, by name (the metrics' SQL reads them under these names). */
export const tableNames = ["orders", "alerts", "evaluations"] as const;

/** A table's name. */
export type TableName = (typeof tableNames)[number];

/** The columns of an audit row as DuckDB reads them from NDJSON. */
const rowColumns = {
  patient: "VARCHAR",
  site: "VARCHAR",
  order: "INTEGER",
  month: "VARCHAR",
  evaluatedAt: "VARCHAR",
  evaluatedFrom: "VARCHAR",
  status: "VARCHAR",
  problem: "VARCHAR",
  setting: "VARCHAR",
  drug: "VARCHAR",
  drugCode: "VARCHAR",
  aware: "VARCHAR",
  route: "VARCHAR",
  indication: "VARCHAR",
  indicationCodes: "VARCHAR[]",
  recommendation: "VARCHAR",
  recommendedBy: "VARCHAR",
  strategies: "VARCHAR[]",
  unrecognisedDiagnoses: "INTEGER",
  indicationUnrecognised: "BOOLEAN",
  rank: "VARCHAR",
  prescribedDays: "DOUBLE",
  recommendedDaysMin: "DOUBLE",
  recommendedDaysMax: "DOUBLE",
  duration: "VARCHAR",
  review: "VARCHAR",
  reviewHours: "DOUBLE",
  ivos: "VARCHAR",
  ivosMetAt: "VARCHAR",
  ivosHoursToMet: "DOUBLE",
  ivosHoursIvAfter: "DOUBLE",
  alerts: "STRUCT(guideline VARCHAR, rule VARCHAR, key VARCHAR, priority VARCHAR, interruptive BOOLEAN, \"check\" VARCHAR)[]",
  guidelines: "STRUCT(id VARCHAR, version VARCHAR, contentHash VARCHAR, applies BOOLEAN)[]",
} as const;

const common = `patient, site, "order" AS order_number, month AS order_month`;

/** Each table as a query over the rows (`audit_rows`), in the rows' order. */
const tableQueries: Readonly<Record<TableName, string>> = {
  orders: `SELECT ${common}, evaluatedAt AS evaluated_at, evaluatedFrom AS evaluated_from, status, problem, setting, drug, drugCode AS drug_code, aware, route,
    indication, array_to_string(indicationCodes, ' ') AS indication_codes, recommendation, recommendedBy AS recommended_by, rank AS offered_rank,
    CASE WHEN list_contains(strategies, 'back-up') THEN TRUE ELSE FALSE END AS back_up_advised, CASE WHEN list_contains(strategies, 'no-antibiotic') THEN TRUE ELSE FALSE END AS no_antibiotic_advised,
    CASE WHEN list_contains(strategies, 'immediate') THEN TRUE ELSE FALSE END AS immediate_advised, unrecognisedDiagnoses AS unrecognised_diagnoses, indicationUnrecognised AS indication_unrecognised, prescribedDays AS prescribed_days,
    recommendedDaysMin AS recommended_days_min, recommendedDaysMax AS recommended_days_max, duration AS duration_match, review, reviewHours AS review_hours,
    ivos, ivosMetAt AS ivos_met_at, ivosHoursToMet AS ivos_hours_to_met, ivosHoursIvAfter AS ivos_hours_iv_after, len(alerts) AS alert_count
    FROM audit_rows ORDER BY row_number`,
  alerts: `SELECT ${common}, a.guideline, a.rule, a.key AS alert_key, a.priority, a.interruptive, a."check" AS order_check
    FROM (SELECT *, unnest(alerts) AS a FROM audit_rows) ORDER BY row_number`,
  evaluations: `SELECT ${common}, g.id AS guideline, g.version AS guideline_version, g.contentHash AS content_hash, g.applies
    FROM (SELECT *, unnest(guidelines) AS g FROM audit_rows) ORDER BY row_number`,
};

/** A path as a SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Opens an in-memory DuckDB connection; `close` releases it. */
export async function openDuckDb(): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Writes the three Parquet tables from the rows in `rowsFile` (NDJSON) into `dir`; returns the files written. */
export async function writeTables(rowsFile: string, dir: string): Promise<Record<TableName, string>> {
  const db = await openDuckDb();
  try {
    const columns = Object.entries(rowColumns)
      .map(([name, type]) => `${JSON.stringify(name)}: '${type}'`)
      .join(", ");
    await db.connection.run(
      `CREATE TEMP TABLE audit_rows AS SELECT *, row_number() OVER () AS row_number FROM read_json(${sqlString(rowsFile)}, format = 'newline_delimited', columns = {${columns}})`,
    );
    const written = {} as Record<TableName, string>;
    for (const table of tableNames) {
      const target = join(dir, `${table}.parquet`);
      await replaceAtomically(target, (partial) => db.connection.run(`COPY (${tableQueries[table]}) TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION zstd)`).then(() => undefined));
      written[table] = target;
    }
    return written;
  } finally {
    db.close();
  }
}
