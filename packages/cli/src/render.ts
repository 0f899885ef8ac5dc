/** Renders diagnostics for a terminal: the message, where it is, the source line and a caret. */
import type { Diagnostic } from "@steward/core";
import { plain, type Style } from "./style.js";

/** Reads source text for a file, to show the line a diagnostic points at. */
export type SourceLookup = (file: string) => string | undefined;

const severityColour = { error: "red", warning: "yellow", info: "cyan" } as const;

/** One diagnostic as text, Rust-style, with the source line and a caret under the span. */
export function renderDiagnostic(d: Diagnostic, source: SourceLookup, style: Style = plain): string {
  const colour = style[severityColour[d.severity]];
  const lines = [`${style.bold(colour(`${d.severity}[${d.code}]`))}: ${d.message}`];
  if (d.span) {
    lines.push(`  ${style.cyan("-->")} ${d.span.file}:${d.span.line}:${d.span.column}`);
    const text = source(d.span.file);
    const shown = text === undefined ? undefined : lineAround(text, d.span.offset, d.span.column);
    if (shown !== undefined) {
      const gutter = String(d.span.line).length;
      const pad = " ".repeat(gutter);
      const width = Math.max(1, Math.min(d.span.length, shown.room));
      lines.push(`${pad} ${style.cyan("|")}`);
      lines.push(`${style.cyan(`${d.span.line} |`)} ${shown.line}`);
      lines.push(`${pad} ${style.cyan("|")} ${" ".repeat(shown.caret)}${colour("^".repeat(width))}`);
    }
  }
  if (d.hint) lines.push(`  ${style.cyan("=")} hint: ${d.hint}`);
  return lines.join("\n");
}

/** Characters of a source line shown before and after the place a diagnostic points at. */
const BEFORE = 60;
const AFTER = 100;

/**
 * The part of the line holding `offset` (at `column`) to show, and where the caret goes in it: found
 * from the span, never by splitting the text, so rendering many diagnostics stays linear; a long
 * line is cut around the place, with `…` where it is cut. Lines end at `\n`, `\r\n` or `\r`.
 */
function lineAround(text: string, offset: number, column: number): { line: string; caret: number; room: number } | undefined {
  const lineStart = offset - (column - 1);
  if (lineStart < 0 || offset > text.length) return undefined;
  const from = Math.max(lineStart, offset - BEFORE);
  let to = offset;
  while (to < text.length && to < offset + AFTER && text[to] !== "\n" && text[to] !== "\r") to++;
  const cutEnd = to < text.length && text[to] !== "\n" && text[to] !== "\r";
  const prefix = from > lineStart ? "…" : "";
  return { line: `${prefix}${text.slice(from, to)}${cutEnd ? "…" : ""}`, caret: prefix.length + offset - from, room: to - offset };
}

/** A diagnostic about a whole file, on one line after the file's name, with its hint below. */
export function renderFileDiagnostic(file: string, d: Diagnostic, style: Style = plain): string {
  return `${file}: ${renderDiagnostic(d, () => undefined, style)}`;
}

/** A one-line count of errors and warnings. */
export function summarise(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(files, "file")} checked: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
