/**
 * Override rates from the CDS Hooks service's feedback store: a SQLite file the service keeps, read
 * here (read only) with the named query `feedback/override-rates.sql`. A store that is missing or
 * does not hold the feedback table that query reads is reported, and the report goes on without it.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { Diagnostic } from "@steward/core";
import { left, right, type Either } from "fp-ts/lib/Either.js";
import { readMetric, type MetricResult } from "../pipeline/metrics.js";

/** The query run on the feedback store. */
export const overrideRatesFile = fileURLToPath(new URL("../../feedback/override-rates.sql", import.meta.url));

/** The override rates in the store at `file`, or why they cannot be read. */
export function readOverrideRates(file: string): Either<readonly Diagnostic[], MetricResult> {
  const unusable = (message: string): Either<readonly Diagnostic[], MetricResult> => left([{ code: "audit/unusable-feedback", severity: "warning", message, hint: "the report is made without override rates" }]);
  if (!existsSync(file)) return unusable(`the feedback store \`${file}\` does not exist`);
  const metric = readMetric(overrideRatesFile);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const statement = db.prepare(metric.sql);
    const columns = statement.columns().map((c) => c.name);
    const rows = (statement.all() as Record<string, unknown>[]).map((r) => Object.fromEntries(columns.map((c) => [c, typeof r[c] === "bigint" ? Number(r[c]) : ((r[c] ?? null) as string | number | null)])));
    return right({ metric, columns, rows });
  } catch (e) {
    return unusable(`the feedback store \`${file}\` cannot be read with ${metric.name}.sql: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}
