/** Plain-text tables and number formatting for bench output. */
import { arch, cpus, freemem, platform, release, totalmem } from "node:os";

/** A table row: one cell per column. */
export type Row = readonly (string | number)[];

/** Prints a titled table; numbers are right-aligned, text left-aligned. */
export function printTable(title: string, columns: readonly string[], rows: readonly Row[]): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? "").length)));
  const right = columns.map((_, i) => rows.every((r) => typeof r[i] === "number" || /^[\d.,]+\s*(x|%|ms|µs|MB|\/s)?$/.test(String(r[i] ?? ""))));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (right[i] && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells) console.log(line(r));
}

/** A number with thousands separators and sensible precision. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = Number.isInteger(n) || abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds as text with a unit. */
export function ms(value: number): string {
  return `${formatNumber(value)} ms`;
}

/** Microseconds as text with a unit. */
export function us(valueMs: number): string {
  return `${formatNumber(valueMs * 1000)} µs`;
}

/** Bytes as megabytes with a unit. */
export function mb(bytes: number): string {
  return `${formatNumber(bytes / 1024 / 1024)} MB`;
}

/** A ratio as `1.23x`. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** Prints Node version and machine facts, so numbers from different machines are not compared blindly. */
export function printMachine(): void {
  const cpu = cpus();
  console.log(`node ${process.version} (V8 ${process.versions.v8}) on ${platform()} ${release()} ${arch()}`);
  console.log(`cpu: ${cpu[0]?.model.trim() ?? "unknown"} × ${cpu.length} logical cores; memory ${mb(totalmem())} total, ${mb(freemem())} free`);
  console.log(`date: ${new Date().toISOString()}`);
}
