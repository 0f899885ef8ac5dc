/**
 * `buildReport`: the metrics' results as one self-contained HTML page — inline SVG charts and CSS,
 * no script, and a Content-Security-Policy that forbids loading anything, so it shows the same
 * offline, attached to an email or on a shared drive. Each figure names the SQL file it comes from
 * and shows that SQL and the numbers it drew.
 */
import type { MetricResult } from "../pipeline/metrics.js";
import { alertRateFigure, overrideFigure, shareFigure, type Figure } from "./figures.js";

/** What the report is made from. */
export interface ReportInput {
  /** The metrics' results (from `runMetrics` over one or several audits' Parquet files). */
  readonly metrics: readonly MetricResult[];
  /** Override rates from the CDS Hooks feedback store, when one was given and could be read. */
  readonly overrides?: MetricResult;
  /** What the report says about its inputs (the audits it covers, a missing feedback store), one line each. */
  readonly notes?: readonly string[];
  /** The page's title. */
  readonly title?: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const style = `
body { font-family: Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 62rem; color: #1b1b1b; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 1rem; }
figure { margin: 1rem 0; } figcaption { font-size: 0.9rem; color: #444; }
dl { font-size: 0.9rem; } dt { font-weight: bold; margin-top: 0.4rem; } dd { margin-left: 1rem; }
details { margin: 0.5rem 0; font-size: 0.85rem; } summary { cursor: pointer; color: #0b5394; }
pre { background: #f5f5f5; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.15rem 0.5rem; text-align: right; } th { background: #f0f0f0; }
td:first-child, th:first-child { text-align: left; } nav li { margin: 0.2rem 0; } .note { color: #555; font-size: 0.9rem; }
`;

function table(figure: Figure): string {
  const head = figure.table.columns.map((c) => `<th>${escape(c)}</th>`).join("");
  const body = figure.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(String(c))}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(figure: Figure, n: number): string {
  const sources = figure.metrics
    .map(
      (m) => `<dl data-metric="${escape(m.name)}">
<dt>${escape(m.title)} — <code>${escape(m.name)}.sql</code></dt>
<dd>${escape(m.definition)}</dd>
<dt>Source</dt><dd>${escape(m.source)}</dd>
<dt>The record must hold</dt><dd>${escape(m.requires)}</dd>
</dl>
<details><summary>SQL: ${escape(m.name)}.sql</summary><pre>${escape(m.sql)}</pre></details>`,
    )
    .join("\n");
  return `<section id="${figure.id}">
<h2>Figure ${n}. ${escape(figure.title)}</h2>
<figure>${figure.svg}<figcaption>Figure ${n}: ${escape(figure.caption)} Drawn from ${figure.metrics.map((m) => `<code>${escape(m.name)}.sql</code>`).join(" and ")}.</figcaption></figure>
${sources}
<details><summary>The numbers drawn</summary>${table(figure)}</details>
</section>`;
}

/** The report as HTML text. */
export async function buildReport(input: ReportInput): Promise<string> {
  const byName = new Map(input.metrics.map((m) => [m.metric.name, m]));
  const figures: Figure[] = [];
  for (const result of input.metrics) if (result.metric.share !== undefined) figures.push(await shareFigure(result));
  const counts = byName.get("alert-counts");
  const courses = byName.get("guideline-courses");
  if (counts !== undefined && courses !== undefined) figures.push(await alertRateFigure(counts, courses));
  if (input.overrides !== undefined) figures.push(await overrideFigure(input.overrides));
  const title = input.title ?? "Antimicrobial stewardship: prescribing audit";
  const notes = [...(input.notes ?? []), ...(input.overrides === undefined ? ["No CDS Hooks feedback store was read: override rates are not shown."] : [])];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="note">Every antimicrobial order in the records, audited against the guidelines as the record stood when the order was written, one row per order (<code>steward audit</code>); each figure is a named SQL query over those rows, grouped by site and month. Shares are of counts summed over what the figure covers, so figures over several audits (shards) show the same as one audit over all.</p>
${notes.map((n) => `<p class="note">${escape(n)}</p>`).join("\n")}
<nav><ol>
${figures.map((f, i) => `<li><a href="#${f.id}">Figure ${i + 1}. ${escape(f.title)}</a></li>`).join("\n")}
</ol></nav>
${figures.map((f, i) => section(f, i + 1)).join("\n")}
</body>
</html>
`;
}
