/** Loads the committed TextMate grammar into vscode-textmate (the engine VS Code uses) with the Oniguruma WebAssembly build. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

/** The path of the committed grammar. */
export const grammarPath = resolve(import.meta.dirname, "../syntaxes/steward.tmLanguage.json");

/** A token of a line: the characters it covers and its scopes, outermost first. */
export interface ScopedToken {
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

/** Tokenizes a whole text line by line, giving each token's offsets in the text. */
export type Tokenize = (text: string) => ScopedToken[];

/** The grammar, ready to tokenize. */
export async function loadGrammar(): Promise<Tokenize> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === "source.steward" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar("source.steward");
  if (grammar === null) throw new Error("the Steward grammar did not load");
  return (text) => {
    const out: ScopedToken[] = [];
    let stack = textmate.INITIAL;
    let lineStart = 0;
    for (const line of text.split("\n")) {
      const result = grammar.tokenizeLine(line, stack);
      for (const token of result.tokens) out.push({ start: lineStart + token.startIndex, end: lineStart + Math.min(token.endIndex, line.length), scopes: token.scopes });
      stack = result.ruleStack;
      lineStart += line.length + 1;
    }
    return out;
  };
}
