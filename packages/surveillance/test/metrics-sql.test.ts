// The metric SQL files: each says what it measures and why, uses only SQL that DuckDB, Spark SQL,
// Trino and BigQuery share (docs/cluster.md §7), returns counts grouped by site and month, and is
// described in docs/surveillance.md under its own name and title.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadMetrics, readMetric } from "../src/pipeline/metrics.js";
import { overrideRatesFile } from "../src/report/feedback.js";

const metrics = [...loadMetrics(), readMetric(overrideRatesFile)];
const forSurveillance = readFileSync(new URL("../../../docs/surveillance.md", import.meta.url), "utf8");

/** What one engine or another does not read, with why. */
const notPortable: readonly (readonly [RegExp, string])[] = [
  [/\bFILTER\s*\(/i, "FILTER (WHERE …): BigQuery has none"],
  [/::/, ":: casts: PostgreSQL and DuckDB only"],
  [/\bQUALIFY\b/i, "QUALIFY: not in Spark SQL or Trino"],
  [/\bILIKE\b/i, "ILIKE: not in Spark SQL or BigQuery"],
  [/\bDISTINCT\s+FROM\b/i, "IS [NOT] DISTINCT FROM: not in every Spark SQL"],
  [/"/, "double-quoted identifiers: BigQuery and Spark SQL quote with backticks"],
  [/`/, "backquoted identifiers: not in Trino"],
  [/\b(read_parquet|read_json|unnest|list_|array_|struct_|strftime|epoch|date_trunc|regexp_)/i, "an engine's own function"],
  [/\bAS\s+(order|month|rank|key|year|date|time|user|value|values)\b/i, "a column name reserved by some engine"],
  [/\bLIMIT\b/i, "LIMIT: a metric returns every group"],
];

describe.each(metrics.map((m) => [m.name, m] as const))("the metric %s", (name, metric) => {
  test("says what it counts, where the requirement comes from and what the record must hold", () => {
    expect(metric.name).toBe(name);
    for (const part of [metric.title, metric.definition, metric.source, metric.requires]) expect(part.length).toBeGreaterThan(20);
    expect(metric.sql).toMatch(new RegExp(`^-- metric: ${name}\\n`));
  });

  test("uses only SQL that DuckDB, Spark SQL, Trino and BigQuery all read", () => {
    const body = metric.sql
      .split("\n")
      .filter((l) => !l.startsWith("--"))
      .join("\n");
    const found = notPortable.filter(([pattern]) => pattern.test(body)).map(([, why]) => why);
    expect(found).toEqual([]);
  });

  test("is described in docs/surveillance.md under its name and title", () => {
    expect(forSurveillance).toContain(name);
    expect(forSurveillance).toContain(metric.title);
  });
});

describe("the share a metric reports", () => {
  test.each(metrics.filter((m) => m.share !== undefined).map((m) => [m.name, m] as const))("%s names two of its own output columns", (_, metric) => {
    const columns = [...metric.sql.matchAll(/\bAS\s+([a-z_]+)/g)].map((m) => m[1]);
    expect(columns).toContain(metric.share!.numerator);
    expect(columns).toContain(metric.share!.denominator);
  });
});
