/**
 * `parse`: text to AST plus every lexical and syntax diagnostic. Never throws: a file that is
 * nonsense still gives an AST (possibly empty) and the diagnostics saying why.
 */
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import { createTokenInstance, EOF } from "chevrotain";
import { findUnit, unitSpellings, type Diagnostic } from "@steward/core";
import type { FileNode } from "./ast.js";
import { AstBuilder } from "./cst-to-ast.js";
import { parser } from "./parser.js";
import { closest } from "./spelling.js";
import { resolveLimits, type DslOptions } from "./limits.js";
import { isRealToken, SourceMap } from "./span.js";
import * as t from "./tokens.js";

/** The AST of a file and the problems found while reading it. */
export interface ParseResult {
  readonly ast: FileNode;
  readonly diagnostics: readonly Diagnostic[];
}

/** What each grammar rule is, in words, for "expected … in …" messages. */
const ruleWords: Record<string, string> = {
  file: "the file",
  item: "a declaration",
  importDecl: "an import",
  guidelineDecl: "the guideline header",
  block: "a block",
  blockEntry: "a block entry",
  codeEntry: "a code",
  field: "a field",
  fieldValue: "a field value",
  ruleDecl: "a rule",
  nameList: "a list of names",
  sourceDecl: "a source",
  codesDecl: "a code list",
  observationDecl: "an observation",
  findingDecl: "a finding",
  classDecl: "a drug class",
  drugDecl: "a drug",
  defineDecl: "a define",
  parameterDecl: "a parameter",
  citeClause: "a citation",
  whenClause: "a `when` condition",
  strategyClause: "a strategy",
  textClause: "an advice or leaflet line",
  alertClause: "an alert",
  reviewClause: "a review",
  referClause: "a referral",
  requestClause: "a request for data",
  forEachClause: "a `for each`",
  suggestClause: "a suggestion",
  ruleClause: "a rule clause",
  choiceClause: "a treatment choice",
  optionClause: "a treatment option clause",
  regimen: "a regimen",
  doseStep: "a dose",
  schedule: "how often to give the dose",
  stepDuration: "how long to give the dose",
  quantity: "a quantity",
  expr: "a condition",
  andExpr: "a condition",
  notExpr: "a condition",
  predicate: "a condition",
  comparisonTail: "a comparison",
  operand: "a value",
  valueTerm: "a value",
  drugRef: "a drug or drug class",
  testsDecl: "the `tests` header",
  scenarioDecl: "a scenario",
  scenarioClause: "a scenario clause",
  scenarioLine: "a line",
};

/** Tokens that start a top-level declaration. */
const declarationStarts: readonly TokenType[] = [t.Import, t.Guideline, t.Source, t.Codes, t.ObservationKw, t.FindingKw, t.ClassKw, t.DrugKw, t.Define, t.ParameterKw, t.RuleKw];

function tokenWords(type: TokenType): string {
  switch (type) {
    case t.Identifier:
      return "a name";
    case t.StringLiteral:
      return "a string in double quotes";
    case t.NumberLiteral:
      return "a number";
    case t.Unit:
      return "a unit";
    case t.DateLiteral:
      return "a date (YYYY-MM-DD)";
    case t.VersionLiteral:
      return "a version (1.0.0)";
    case EOF:
      return "the end of the file";
    case t.DateTimeLiteral:
      return "a date and time (YYYY-MM-DDThh:mm:ssZ)";
    case t.LineEnd:
      return "the end of the line";
    case t.Word:
      return "a word";
    default:
      return type.LABEL ?? type.name;
  }
}

function shown(token: IToken): string {
  return token.tokenType === EOF ? "the end of the file" : `\`${token.image}\``;
}

const rangeHint = "a range is written with `to`: `250 mg to 500 mg`, `for 5 to 7 days`";

/** Advice for a character that cannot start a word, where the mistake is a familiar one. */
function characterHint(ch: string): string | undefined {
  if (/^[A-Z]/.test(ch)) return "names are written in lowercase, with hyphens between words (`lower-uti`)";
  if (/^[-–—]/.test(ch)) return `there are no signs or dashes between numbers: ${rangeHint}`;
  if (/^[+*]/.test(ch)) return "there is no arithmetic: a score that adds up points is declared with `score`, one `criterion` per point";
  return undefined;
}

/** Reads a rule file. `file` names it in diagnostics; `options.limits` bounds what it may hold. */
export function parse(text: string, file = "<input>", options: DslOptions = {}): ParseResult {
  const limits = resolveLimits(options.limits);
  const map = new SourceMap(file, text);
  if (text.length > limits.fileSize) {
    const diagnostic: Diagnostic = {
      code: "parse/file-too-large",
      severity: "error",
      message: `this file has ${text.length} characters; a rule file holds at most ${limits.fileSize}`,
      span: map.span(0, 0),
      hint: "split it into files that import each other, or raise the `fileSize` limit",
    };
    return { ast: { kind: "file", items: [], closingComments: [], span: map.span(0, 0) }, diagnostics: [diagnostic] };
  }
  const diagnostics: Diagnostic[] = [];
  const lexed = t.tokenize(text);

  for (const error of lexed.errors) {
    const ch = text.slice(error.offset, error.offset + (error.length || 1));
    const hint = characterHint(ch);
    diagnostics.push({
      code: "parse/unexpected-character",
      severity: "error",
      message: `unexpected character${ch.length > 1 ? "s" : ""} \`${ch.length > 20 ? `${ch.slice(0, 20)}…` : ch}\``,
      span: map.span(error.offset, error.length || 1),
      ...(hint !== undefined ? { hint } : {}),
    });
  }

  // An unterminated string is reported here and then read as a string, so the parser goes on.
  const input = lexed.tokens.map((token) => {
    if (token.image.length > limits.stringLength && (token.tokenType === t.StringLiteral || token.tokenType === t.UnterminatedString)) {
      diagnostics.push({
        code: "parse/string-too-long",
        severity: "error",
        message: `this string has ${token.image.length - 2} characters; a string holds at most ${limits.stringLength}`,
        span: map.span(token.startOffset, 1),
        hint: "shorten it, or raise the `stringLength` limit",
      });
    }
    if (token.tokenType !== t.UnterminatedString) return token;
    diagnostics.push({
      code: "parse/unterminated-string",
      severity: "error",
      message: "this string has no closing `\"`",
      span: map.span(token.startOffset, token.image.length),
      hint: "strings end on the line they start on",
    });
    return { ...token, tokenType: t.StringLiteral, tokenTypeIdx: t.StringLiteral.tokenTypeIdx! };
  });

  const cst = parser.parseFile(markLineEnds(input), limits.nesting);
  const tooDeep = parser.tooDeep;
  // Past the nesting limit the parser stops descending and recovers; what it then reports up to the
  // next declaration follows from that one cause, so only the cause is reported.
  const next = tooDeep === undefined ? undefined : input.find((token) => token.startOffset > tooDeep.startOffset && declarationStarts.includes(token.tokenType));
  const consequence = (error: IRecognitionException): boolean =>
    tooDeep !== undefined && isRealToken(error.token) && error.token.startOffset >= tooDeep.startOffset && (next === undefined || error.token.startOffset < next.startOffset);
  for (const error of parser.errors) if (!consequence(error)) diagnostics.push(syntaxDiagnostic(error, map, previousOf(input, error.token)));
  if (tooDeep !== undefined) {
    diagnostics.push({
      code: "parse/too-deep",
      severity: "error",
      message: `this condition nests more than ${limits.nesting} levels deep`,
      span: map.token(tooDeep)!,
      hint: "name parts of it with `define`, or raise the `nesting` limit",
    });
  }

  const comments = lexed.groups["comments"] ?? [];
  const errorOffsets = diagnostics.flatMap((d) => (d.span !== undefined ? [d.span.offset] : []));
  const ast = new AstBuilder(map, comments, errorOffsets).file(cst.children as never);
  const extra = ast.items[limits.declarations];
  if (extra !== undefined) {
    diagnostics.push({
      code: "parse/too-many-declarations",
      severity: "error",
      message: `this file has ${ast.items.length} declarations; a file holds at most ${limits.declarations}`,
      span: extra.span,
      hint: "split it into files that import each other, or raise the `declarations` limit",
    });
  }
  return { ast, diagnostics: dedupe(diagnostics) };
}

/**
 * Inside the `{ … }` of a scenario's `given` or `expect`, each line is one statement: a line end
 * token is inserted wherever a token starts on a later line than the one before it, and before the
 * closing brace. Everywhere else line breaks mean nothing.
 */
export function markLineEnds(tokens: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  let inLines = false;
  const end = (after: IToken): IToken => createTokenInstance(t.LineEnd, "", after.endOffset! + 1, after.endOffset! + 1, after.endLine!, after.endLine!, after.endColumn! + 1, after.endColumn! + 1);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = out[out.length - 1];
    if (!inLines) {
      out.push(token);
      if (token.tokenType === t.LBrace && previous !== undefined && (previous.tokenType === t.Given || previous.tokenType === t.Expect)) inLines = true;
      continue;
    }
    const afterWord = previous !== undefined && previous.tokenType !== t.LBrace && previous.tokenType !== t.LineEnd;
    if (token.tokenType === t.RBrace || token.tokenType === t.LBrace) {
      if (afterWord) out.push(end(previous));
      out.push(token);
      inLines = false;
      continue;
    }
    if (afterWord && token.startLine! > previous.endLine!) out.push(end(previous));
    out.push(token);
  }
  return out;
}

/** The real token just before `token` (or the last token, when `token` is the end of input). */
function previousOf(input: readonly IToken[], token: IToken): IToken | undefined {
  const offset = isRealToken(token) && token.tokenType !== EOF ? token.startOffset : Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = input.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (input[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? input[lo - 1] : undefined;
}

function syntaxDiagnostic(error: IRecognitionException, map: SourceMap, previous: IToken | undefined): Diagnostic {
  const found = error.token;
  const rule = error.context.ruleStack[error.context.ruleStack.length - 1] ?? "file";
  const where = ruleWords[rule] ?? "this declaration";
  const expected = expectedWords(error);

  // A number followed by a name where a unit belongs: `100 mgs`.
  if (found.tokenType === t.Identifier && previous?.tokenType === t.NumberLiteral && isRealToken(found)) {
    const suggestion = closest(found.image, unitSpellings);
    return {
      code: "parse/unknown-unit",
      severity: "error",
      message: `unknown unit \`${found.image}\``,
      span: map.token(found)!,
      hint: suggestion !== undefined ? `did you mean \`${suggestion}\`?` : "see the list of units in docs/language.md",
    };
  }

  // A stray token on a later line, where only `}`, a declaration or the end could come, is itself the
  // problem; a declaration keyword there means the `}` before it is missing.
  const stray =
    isRealToken(found) &&
    found.tokenType !== EOF &&
    (error.name === "NotAllInputParsedException" || expected === tokenWords(EOF) || (expected === "`}`" && !declarationStarts.includes(found.tokenType)));

  // Nothing more on the line where something was needed: point just after the last good token.
  const endOfLine =
    previous !== undefined &&
    isRealToken(previous) &&
    (!isRealToken(found) || found.tokenType === EOF || (found.startLine! > previous.endLine! && !stray));
  if (endOfLine || !isRealToken(found)) {
    const at = previous !== undefined && isRealToken(previous) ? map.span(previous.endOffset! + 1, 0) : map.end();
    return {
      code: "parse/missing-token",
      severity: "error",
      message: `${expected ?? "something"} is missing ${previous !== undefined && isRealToken(previous) ? `after \`${previous.image}\`` : `in ${where}`}`,
      span: at,
      ...(found.tokenType === EOF ? { hint: "the file ended early; is a `}` missing?" } : { hint: `${where} is not finished` }),
    };
  }
  return {
    code: "parse/unexpected-token",
    severity: "error",
    message: `unexpected ${shown(found)} in ${where}`,
    span: map.token(found)!,
    ...(expected !== undefined ? { hint: `expected ${expected}` } : {}),
  };
}

/** The words for what the parser wanted, from the exception chevrotain raised. */
function expectedWords(error: IRecognitionException): string | undefined {
  // chevrotain names a token by its label when it has one (`}`), otherwise by its type name.
  const match = /^Expecting (?:token of type )?--> (.+?) <--/.exec(error.message);
  const many = between(error.message, "one of these possible Token sequences:", "\nbut found");
  if (match) {
    const type = [...t.allTokens, EOF].find((tt) => tt.name === match[1] || tt.LABEL === match[1]);
    return type ? tokenWords(type) : undefined;
  }
  if (many) {
    const firsts = new Set<string>();
    for (const line of many.split("\n")) {
      const seq = between(line, "[", "]", true);
      const head = seq?.split(",")[0]?.trim();
      if (head === undefined) continue;
      const type = t.allTokens.find((tt) => tt.name === head || tt.LABEL === head);
      firsts.add(type ? tokenWords(type) : head);
    }
    const list = [...firsts];
    if (list.length === 0) return undefined;
    return list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}`;
  }
  return undefined;
}

/** The text between the first `start` and the next (or, with `last`, the last) `end` after it; string search, in linear time. */
function between(text: string, start: string, end: string, last = false): string | undefined {
  const from = text.indexOf(start);
  if (from === -1) return undefined;
  const to = last ? text.lastIndexOf(end) : text.indexOf(end, from + start.length);
  return to < from + start.length ? undefined : text.slice(from + start.length, to);
}

/** Recovery can report the same place twice; keep the first diagnostic for each code and offset. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}@${d.span?.offset ?? -1}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when `word` is a unit the language knows. */
export function isUnit(word: string): boolean {
  return findUnit(word) !== undefined;
}
