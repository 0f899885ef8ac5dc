/**
 * The report's figures: each metric's share by month and site (against its target, where one is
 * set), the rules with the highest alert rates, and the override rates from the feedback store.
 * Each is a Vega-Lite spec rendered to SVG here, at build time, with the metric it came from and
 * the rows it was drawn from, so every figure leads back to its SQL.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Metric, MetricResult } from "../pipeline/metrics.js";

/** A figure of the report. */
export interface Figure {
  /** The anchor of the figure in the page. */
  readonly id: string;
  readonly title: string;
  /** The metrics (SQL files) it is drawn from. */
  readonly metrics: readonly Metric[];
  /** What the figure shows, in a sentence. */
  readonly caption: string;
  readonly svg: string;
  /** The numbers drawn, as a table. */
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
}

const font = "Helvetica, Arial, sans-serif";
const config = { font, view: { stroke: "#ccc" }, axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 420 }, legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 300 } };
/** Vega's tableau10 colours, for the sites; all sites together are drawn in black. */
const palette = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

/**
 * Renders a Vega-Lite spec to SVG in Node: no browser, no network (the data is inline). The specs
 * are the report's own, so a warning from Vega-Lite or Vega is a mistake in one: it fails instead
 * of being printed.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => (warnings.push(args.map(String).join(" ")), logger);
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger });
  try {
    const svg = await view.toSVG();
    if (warnings.length > 0) throw new Error(`the chart spec is not right: ${warnings.join("; ")}`);
    return svg;
  } finally {
    view.finalize();
  }
}

const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;
const all = "all sites";

/** The share a metric reports, by site and month and for all sites together: counts summed, then divided. */
function shares(result: MetricResult): { site: string; month: string; numerator: number; denominator: number }[] {
  const share = result.metric.share!;
  const sums = new Map<string, { site: string; month: string; numerator: number; denominator: number }>();
  for (const row of result.rows) {
    const month = row["order_month"] === null ? "no date" : String(row["order_month"]);
    for (const site of [row["site"] === null ? "no site" : String(row["site"]), all]) {
      const key = `${site}|${month}`;
      const into = sums.get(key) ?? { site, month, numerator: 0, denominator: 0 };
      into.numerator += Number(row[share.numerator] ?? 0);
      into.denominator += Number(row[share.denominator] ?? 0);
      sums.set(key, into);
    }
  }
  return [...sums.values()].filter((s) => s.denominator > 0).sort((a, b) => (a.site === b.site ? (a.month < b.month ? -1 : 1) : a.site === all ? 1 : b.site === all ? -1 : a.site < b.site ? -1 : 1));
}

/** A metric's share by month, one line per site and a thicker one for all sites, with its target as a dashed rule. */
export async function shareFigure(result: MetricResult): Promise<Figure> {
  const { metric } = result;
  const share = metric.share!;
  const values = shares(result).map((s) => ({ ...s, share: s.numerator / s.denominator, all: s.site === all }));
  const sites = [...new Set(values.map((v) => v.site))];
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 620,
    height: 240,
    config,
    layer: [
      {
        data: { values },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "month", type: "ordinal", title: "month the order was written" },
          y: { field: "share", type: "quantitative", title: `${share.numerator} / ${share.denominator}`, scale: { domain: [0, 1] }, axis: { format: "%" } },
          color: { field: "site", type: "nominal", title: "site", sort: sites, scale: { domain: sites, range: sites.map((site, i) => (site === all ? "#000000" : palette[i % palette.length]!)) } },
          strokeWidth: { condition: { test: "datum.all", value: 4 }, value: 1.5 },
        },
      },
      ...(metric.target === undefined
        ? []
        : [
            { data: { values: [{ target: metric.target.value }] }, mark: { type: "rule" as const, color: "#b00020", strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: "target", type: "quantitative" as const } } },
            {
              data: { values: [{ target: metric.target.value, label: `target ${percent(metric.target.value)}` }] },
              mark: { type: "text" as const, color: "#b00020", align: "left" as const, dx: 4, dy: -7, fontWeight: "bold" as const },
              encoding: { y: { field: "target", type: "quantitative" as const }, text: { field: "label", type: "nominal" as const }, x: { value: 0 } },
            },
          ]),
    ],
  };
  return {
    id: `figure-${metric.name}`,
    title: metric.title,
    metrics: [metric],
    caption: `${share.numerator} as a share of ${share.denominator}, by the month the order was written; one line per site, the thick line all sites together (counts summed, then divided)${metric.per.length > 0 ? `, summed over every ${metric.per.join(" and ")}` : ""}${metric.target === undefined ? "" : `; dashed: ${metric.target.label}`}.`,
    svg: await renderSvg(spec),
    table: { columns: ["site", "month", share.numerator, share.denominator, "share"], rows: values.map((v) => [v.site, v.month, v.numerator, v.denominator, percent(v.share)]) },
  };
}

/** A horizontal bar per rule (coloured by guideline): its rate, highest first. */
async function rateBars(values: readonly { rule: string; guideline: string; rate: number }[], title: string): Promise<string> {
  return renderSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 420,
    config,
    data: { values: [...values] },
    mark: { type: "bar" },
    encoding: {
      y: { field: "rule", type: "nominal", sort: "-x", title: "rule" },
      x: { field: "rate", type: "quantitative", title, axis: { format: "%" }, scale: { domain: [0, 1] } },
      color: { field: "guideline", type: "nominal", title: "guideline", scale: { range: palette } },
    },
  });
}

/**
 * The rules with the highest alert rates: alerts raised over the courses their guideline version was
 * evaluated for, summed over every site and month first (alert-counts and guideline-courses).
 */
export async function alertRateFigure(counts: MetricResult, courses: MetricResult, top = 10): Promise<Figure> {
  const version = (r: Readonly<Record<string, unknown>>): string => `${String(r["guideline"])}|${String(r["guideline_version"])}|${String(r["content_hash"])}`;
  const evaluated = new Map<string, number>();
  for (const r of courses.rows) evaluated.set(version(r), (evaluated.get(version(r)) ?? 0) + Number(r["courses_evaluated"]));
  const fired = new Map<string, { guideline: string; version: string; rule: string; key: string; alerts: number; courses: number }>();
  for (const r of counts.rows) {
    const key = `${version(r)}|${String(r["rule"])}|${String(r["alert_key"])}`;
    const into = fired.get(key) ?? { guideline: String(r["guideline"]), version: String(r["guideline_version"]), rule: String(r["rule"]), key: String(r["alert_key"]), alerts: 0, courses: evaluated.get(version(r)) ?? 0 };
    into.alerts += Number(r["alerts_fired"]);
    fired.set(key, into);
  }
  const ranked = [...fired.values()]
    .filter((f) => f.courses > 0)
    .map((f) => ({ ...f, rate: f.alerts / f.courses, label: `${f.guideline} ${f.version} / ${f.rule}` }))
    .sort((a, b) => b.rate - a.rate || (a.label < b.label ? -1 : 1))
    .slice(0, top);
  return {
    id: "figure-alert-rates",
    title: "Rules with the highest alert rates",
    metrics: [counts.metric, courses.metric],
    caption: `The ${ranked.length} rules whose alerts were raised about the largest share of the courses their guideline version was evaluated for (alert-counts over guideline-courses, summed over every site and month).`,
    svg: await rateBars(ranked, "alerts raised / courses evaluated"),
    table: { columns: ["guideline", "version", "rule", "alert key", "alerts", "courses evaluated", "rate"], rows: ranked.map((r) => [r.guideline, r.version, r.rule, r.key, r.alerts, r.courses, percent(r.rate)]) },
  };
}

/** The rules whose alerts clinicians overrode most often, from the CDS Hooks feedback store. */
export async function overrideFigure(result: MetricResult, top = 10): Promise<Figure> {
  const ranked = result.rows
    .map((r) => ({ guideline: String(r["guideline"]), version: String(r["guideline_version"]), rule: String(r["rule"]), feedback: Number(r["feedback"]), overridden: Number(r["overridden"]) }))
    .filter((r) => r.feedback > 0)
    .map((r) => ({ ...r, rate: r.overridden / r.feedback, label: `${r.guideline} ${r.version} / ${r.rule}` }))
    .sort((a, b) => b.rate - a.rate || (a.label < b.label ? -1 : 1))
    .slice(0, top);
  return {
    id: "figure-override-rates",
    title: "Rules whose alerts are overridden most",
    metrics: [result.metric],
    caption: `The ${ranked.length} rules with the highest share of overridden cards in the feedback the CDS Hooks service received.`,
    svg: await rateBars(ranked, "overridden / feedback received"),
    table: { columns: ["guideline", "version", "rule", "feedback", "overridden", "rate"], rows: ranked.map((r) => [r.guideline, r.version, r.rule, r.feedback, r.overridden, percent(r.rate)]) },
  };
}
