/** Quick fixes: each diagnostic whose hint says "did you mean `x`?" offers to write `x` in its place. */
import { CodeActionKind, type CodeAction, type CodeActionParams } from "vscode-languageserver";
import type { DiagnosticData } from "./diagnostics.js";

function isData(data: unknown): data is DiagnosticData {
  return typeof data === "object" && data !== null && typeof (data as { suggestion?: unknown }).suggestion === "string";
}

/** The quick fixes for the diagnostics the editor sends back with the request. */
export function quickFixes(params: CodeActionParams): CodeAction[] {
  return params.context.diagnostics.flatMap((diagnostic) => {
    if (diagnostic.source !== "steward" || !isData(diagnostic.data)) return [];
    const replacement = diagnostic.data.suggestion;
    return [
      {
        title: `Change to \`${replacement}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [params.textDocument.uri]: [{ range: diagnostic.range, newText: replacement }] } },
      },
    ];
  });
}
