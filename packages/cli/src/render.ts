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
    const sourceLine = text?.split("\n")[d.span.line - 1];
    if (sourceLine !== undefined) {
      const gutter = String(d.span.line).length;
      const pad = " ".repeat(gutter);
      const line = sourceLine.replace(/\r$/, "");
      const width = Math.max(1, Math.min(d.span.length, line.length - d.span.column + 1));
      lines.push(`${pad} ${style.cyan("|")}`);
      lines.push(`${style.cyan(`${d.span.line} |`)} ${line}`);
      lines.push(`${pad} ${style.cyan("|")} ${" ".repeat(Math.max(0, d.span.column - 1))}${colour("^".repeat(width))}`);
    }
  }
  if (d.hint) lines.push(`  ${style.cyan("=")} hint: ${d.hint}`);
  return lines.join("\n");
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
