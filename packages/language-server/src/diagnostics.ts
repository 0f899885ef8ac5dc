/** The checker's diagnostics as LSP diagnostics: same code, range from the span, the hint on a second line. */
import type { Diagnostic } from "@steward/core";
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { rangeOf, type Positions } from "./positions.js";
import { suggestionOf } from "./suggestion.js";
import type { Analysis } from "./workspace.js";

const severities: Record<Diagnostic["severity"], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a published diagnostic carries for the quick fix that applies its suggestion. */
export interface DiagnosticData {
  readonly suggestion: string;
}

/** One diagnostic for the editor; one without a place is put at the start of the file. */
export function toLspDiagnostic(d: Diagnostic, positions: Positions): LspDiagnostic {
  const suggestion = suggestionOf(d);
  return {
    range: d.span ? rangeOf(positions, d.span.offset, d.span.length) : rangeOf(positions, 0, 0),
    severity: severities[d.severity],
    code: d.code,
    source: "steward",
    message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
    ...(suggestion !== undefined ? { data: { suggestion } satisfies DiagnosticData } : {}),
  };
}

/** The diagnostics of the analysed document itself (those of the files it imports belong to them). */
export function documentDiagnostics(analysis: Analysis): LspDiagnostic[] {
  const positions = analysis.positions(analysis.path);
  return analysis.checked.diagnostics.filter((d) => d.span === undefined || d.span.file === analysis.path).map((d) => toLspDiagnostic(d, positions));
}
