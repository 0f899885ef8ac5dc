/**
 * What may be written at a place in a rule file, from the grammar itself (chevrotain's content
 * assist), for editor completion. Only the declaration around the place is read, so a mistake
 * earlier in the file does not stop suggestions further on.
 */
import type { IToken } from "chevrotain";
import { kindOf, tokenize, type LexemeKind } from "./lexemes.js";
import { markLineEnds } from "./parse.js";
import { parser } from "./parser.js";
import * as t from "./tokens.js";

/** One thing the grammar accepts next: a reserved word, or a kind of token, and the grammar rules reading it (outermost first). */
export interface Expected {
  /** `word` is any word of a scenario's `given` or `expect` line. */
  readonly kind: LexemeKind | "word";
  /** For a keyword, the word itself. */
  readonly keyword?: string;
  readonly rules: readonly string[];
}

/** What the grammar accepts at an offset, and the partly typed word there that a suggestion replaces. */
export interface ContentAssist {
  readonly expected: readonly Expected[];
  /** The word the cursor is at the end of, if any: where a completion goes. */
  readonly partial?: { readonly offset: number; readonly text: string };
}

/** Token kinds a person types letter by letter: a token of these kinds ending at the cursor is still being typed. */
const wordKinds: ReadonlySet<LexemeKind> = new Set(["keyword", "name", "unit", "number", "code", "date", "version"]);

/** The tokens that can start a top-level declaration, from the grammar. */
const declarationStarts = new Set(parser.computeContentAssist("file", []).map((p) => p.nextTokenType));

/** What may be written at `offset` in `text`: nothing inside a comment or a string. */
export function contentAssist(text: string, offset: number): ContentAssist {
  const { tokens, comments } = tokenize(text);
  const inside = (token: IToken): boolean => token.startOffset < offset && offset <= token.endOffset!;
  if (comments.some((c) => c.startOffset < offset && offset <= c.endOffset! + 1) || tokens.some((tok) => (tok.tokenType === t.StringLiteral || tok.tokenType === t.UnterminatedString) && inside(tok))) {
    return { expected: [] };
  }
  let before = tokens.filter((tok) => tok.endOffset! < offset);
  const last = before[before.length - 1];
  const partial = last !== undefined && last.endOffset! + 1 === offset && wordKinds.has(kindOf(last.tokenType, last.image)) ? last : undefined;
  if (partial !== undefined) before = before.slice(0, -1);
  const start = declarationStart(text, before);
  const paths = parser.computeContentAssist("file", markLineEnds(before.slice(start)));
  const seen = new Set<string>();
  const expected: Expected[] = [];
  for (const path of paths) {
    const type = path.nextTokenType;
    if (type === t.LineEnd) continue;
    const kind = type === t.Word ? "word" : kindOf(type, (type.LABEL ?? "").replace(/`/g, ""));
    const keyword = kind === "keyword" ? (type.LABEL ?? type.name).replace(/`/g, "") : undefined;
    const key = `${kind} ${keyword ?? ""} ${path.ruleStack.join("/")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    expected.push({ kind, ...(keyword !== undefined ? { keyword } : {}), rules: path.ruleStack });
  }
  return { expected, ...(partial !== undefined ? { partial: { offset: partial.startOffset, text: partial.image } } : {}) };
}

/** Index in `tokens` of the last token that starts a declaration at the beginning of its line. */
function declarationStart(text: string, tokens: readonly IToken[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (!declarationStarts.has(token.tokenType)) continue;
    const lineStart = text.lastIndexOf("\n", token.startOffset - 1) + 1;
    if (text.slice(lineStart, token.startOffset).trim() === "") return i;
  }
  return tokens.length;
}
