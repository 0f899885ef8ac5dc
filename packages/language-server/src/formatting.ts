/** Document formatting with the DSL's formatter; a file with syntax errors is never formatted (text could be lost). */
import { format, parse } from "@steward/dsl";
import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { rangeOf } from "./positions.js";

/** One edit replacing the whole text with its canonical layout; none when it is already formatted; undefined when it has syntax errors. */
export function formatDocument(document: TextDocument): TextEdit[] | undefined {
  const text = document.getText();
  const { ast, diagnostics } = parse(text, document.uri);
  if (diagnostics.some((d) => d.severity === "error")) return undefined;
  const formatted = format(ast);
  return formatted === text ? [] : [{ range: rangeOf(document, 0, text.length), newText: formatted }];
}
