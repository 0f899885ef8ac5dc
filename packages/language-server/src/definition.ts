/** Go to definition: a name to its declaration, in this file or any file it imports; an import path to that file. */
import type { ast, Binding } from "@steward/dsl";
import type { Location, Position } from "vscode-languageserver";
import { uriOf } from "./paths.js";
import { rangeOf } from "./positions.js";
import { wordAt } from "./syntax-at.js";
import type { Analysis } from "./workspace.js";

/** The declaration a name refers to, when the word under the cursor is a name in scope. */
export function bindingAt(analysis: Analysis, offset: number): Binding | undefined {
  const word = wordAt(analysis.file.ast, offset);
  if (word === undefined || (word.token !== "name" && word.token !== "keyword")) return undefined;
  // The key of a `key value` field is a word of the language, not a reference.
  if (word.parent.kind === "field" && "key" in word.parent && (word.parent as ast.Field).key.span.offset === word.span.offset) return undefined;
  return analysis.scope.get(word.text);
}

/** Where the thing under the cursor is declared. */
export function definition(analysis: Analysis, position: Position): Location | undefined {
  const offset = analysis.positions(analysis.path).offsetAt(position);
  const word = wordAt(analysis.file.ast, offset);
  if (word?.token === "text" && (word.parent.kind === "import" || word.parent.kind === "tests")) {
    const target = [...analysis.file.imports, ...(analysis.file.tests ? [analysis.file.tests] : [])].find((i) => i.decl === word.parent);
    if (target === undefined || !analysis.program.files.has(target.path)) return undefined;
    return { uri: uriOf(target.path), range: rangeOf(analysis.positions(target.path), 0, 0) };
  }
  const binding = bindingAt(analysis, offset);
  if (binding === undefined) return undefined;
  const span = binding.decl.name.span;
  return { uri: uriOf(binding.file), range: rangeOf(analysis.positions(binding.file), span.offset, span.length) };
}
