/**
 * The words of a rule file as an editor colours them: each token the lexer reads, with its kind.
 * Kinds come from the token table, so a new keyword or unit is classified with no change here.
 */
import type { IToken, TokenType } from "chevrotain";
import * as t from "./tokens.js";

/** What a lexeme is, for highlighting and for saying what may come next. */
export type LexemeKind = "keyword" | "name" | "code" | "unit" | "number" | "date" | "version" | "string" | "comment" | "operator" | "punctuation" | "invalid";

/** One token of a rule file: its kind, where it is and its text. */
export interface Lexeme {
  readonly kind: LexemeKind;
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

const keywordSet = new Set(t.keywords);

const kindOfType = new Map<TokenType, LexemeKind>([
  [t.Comment, "comment"],
  [t.StringLiteral, "string"],
  [t.UnterminatedString, "string"],
  [t.DateTimeLiteral, "date"],
  [t.DateLiteral, "date"],
  [t.VersionLiteral, "version"],
  [t.HyphenCode, "code"],
  [t.CodeWord, "code"],
  [t.StrengthLiteral, "number"],
  [t.NumberLiteral, "number"],
  [t.Unit, "unit"],
  [t.Identifier, "name"],
  [t.GreaterEqual, "operator"],
  [t.LessEqual, "operator"],
  [t.NotEqual, "operator"],
  [t.Greater, "operator"],
  [t.Less, "operator"],
  [t.Equals, "operator"],
]);

/** The kind of a token type; every reserved word is a keyword, and any other symbol punctuation. */
export function kindOf(type: TokenType, image: string): LexemeKind {
  return kindOfType.get(type) ?? (keywordSet.has(image) ? "keyword" : "punctuation");
}

/** Lexed tokens and comments of `text` merged in source order. */
export function tokenize(text: string): { readonly tokens: readonly IToken[]; readonly comments: readonly IToken[]; readonly errors: readonly { offset: number; length: number }[] } {
  const lexed = t.tokenize(text);
  return { tokens: lexed.tokens, comments: lexed.groups["comments"] ?? [], errors: lexed.errors.map((e) => ({ offset: e.offset, length: e.length || 1 })) };
}

/** Every token of `text`, comments included, in order; characters the lexer cannot read are `invalid`. */
export function lex(text: string): readonly Lexeme[] {
  const { tokens, comments, errors } = tokenize(text);
  const out: Lexeme[] = [...tokens, ...comments].map((token) => ({ kind: kindOf(token.tokenType, token.image), offset: token.startOffset, length: token.image.length, text: token.image }));
  for (const e of errors) out.push({ kind: "invalid", offset: e.offset, length: e.length, text: text.slice(e.offset, e.offset + e.length) });
  return out.sort((a, b) => a.offset - b.offset);
}
