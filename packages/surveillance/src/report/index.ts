/**
 * The stewardship report: the metrics as one self-contained HTML page with Vega-Lite charts
 * rendered to SVG at build time, each figure traceable to its SQL; override rates from a CDS Hooks
 * feedback store when one is given.
 *
 * @module @steward/surveillance/report
 */
export type { ReportInput } from "./report.js";
export { buildReport } from "./report.js";
export type { Figure } from "./figures.js";
export { alertRateFigure, overrideFigure, renderSvg, shareFigure } from "./figures.js";
export { overrideRatesFile, readOverrideRates } from "./feedback.js";
