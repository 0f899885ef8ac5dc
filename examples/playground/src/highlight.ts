/** Highlighting for CodeMirror from the rule language's own lexer, one line at a time (no token spans lines). */
import { StreamLanguage, type StringStream } from "@codemirror/language";
import { lex, type Lexeme, type LexemeKind } from "@steward/dsl";

const styles: Record<LexemeKind, string> = {
  keyword: "keyword",
  name: "variableName",
  code: "atom",
  unit: "unit",
  number: "number",
  date: "literal",
  version: "literal",
  string: "string",
  comment: "lineComment",
  operator: "compareOperator",
  punctuation: "punctuation",
  invalid: "invalid",
};

let cachedLine = "";
let cachedLexemes: readonly Lexeme[] = [];

function lexemesOf(line: string): readonly Lexeme[] {
  if (line !== cachedLine) {
    cachedLine = line;
    cachedLexemes = lex(line);
  }
  return cachedLexemes;
}

/** The Steward language for CodeMirror; its name is the language id sent to the language server. */
export const steward = StreamLanguage.define<null>({
  name: "steward",
  startState: () => null,
  token(stream: StringStream): string | null {
    if (stream.eatSpace()) return null;
    const lexeme = lexemesOf(stream.string).find((l) => l.offset === stream.pos);
    if (lexeme === undefined) {
      stream.next();
      return null;
    }
    stream.pos += lexeme.length;
    return styles[lexeme.kind];
  },
  languageData: { commentTokens: { line: "#" } },
});
