/**
 * Token definitions. Keywords are reserved words that fall back to `Identifier` when they are only
 * the start of a longer name (`no-antibiotic`, `review-by`). Units are one token category whose
 * spellings come from core's unit table, longest first.
 */
import { createToken, Lexer, type ILexingResult, type TokenType } from "chevrotain";
import { unitSpellings } from "@steward/core";

/**
 * Every token a line of a scenario's `given` or `expect` block may hold: all tokens but braces and
 * line ends belong to this category, so such a line is parsed as words and read by a phrase table.
 */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });

/** The end of a line inside a `given` or `expect` block; inserted by `parse`, never lexed. */
export const LineEnd = createToken({ name: "LineEnd", pattern: Lexer.NA, label: "the end of the line" });

/** Names: lowercase words joined by single hyphens (`lower-uti`, `ams-team`). */
export const Identifier = createToken({ name: "Identifier", pattern: /[a-z][a-z0-9]*(?:-[a-z0-9]+)*/, categories: [Word] });

/** ICD-10-style codes (`N30.0`): an uppercase letter, then digits or letters, an optional dotted part. */
export const CodeWord = createToken({ name: "CodeWord", pattern: /[A-Z][0-9][0-9A-Z]*(?:\.[0-9A-Z]+)?/, categories: [Word] });

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A unit of measure, from the unit table (`mg`, `mL/min/1.73m2`, `°C`, `hours`). */
export const Unit = createToken({
  name: "Unit",
  pattern: new RegExp(unitSpellings.map(escapeRegExp).join("|")),
  longer_alt: [Identifier, CodeWord],
  categories: [Word],
});

/** A date and time with a zone, `2026-11-25T09:00:00Z` (scenarios only). */
export const DateTimeLiteral = createToken({ name: "DateTimeLiteral", pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})/, categories: [Word] });
/** A calendar date, `2025-01-31`. */
export const DateLiteral = createToken({ name: "DateLiteral", pattern: /\d{4}-\d{2}-\d{2}(?![\d-])/, categories: [Word] });
/** A semantic version, `1.2.0` or `1.2.0-rc.1`. */
export const VersionLiteral = createToken({ name: "VersionLiteral", pattern: /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/, categories: [Word] });
/** LOINC-style codes (`33914-3`): digits, a hyphen and digits. */
export const HyphenCode = createToken({ name: "HyphenCode", pattern: /\d+-\d+/, categories: [Word] });
/** A combination product's strength, `500/125`: the amount of each ingredient, joined by `/`. */
export const StrengthLiteral = createToken({ name: "StrengthLiteral", pattern: /\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)+/, categories: [Word] });
/** A number, `45` or `1.5`. Kept as text so long codes (dm+d ids) keep every digit. */
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?/, categories: [Word] });
/** A string in double quotes, on one line; `\"` and `\\` escape. */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\.)*"/, categories: [Word] });
/** A string whose closing quote is missing; reported, never parsed. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n\r]|\\.)*/ });

/** A comment: `#` to the end of the line. Kept aside for the formatter. */
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });
/** Spaces, tabs and line breaks. */
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

export const LBrace = createToken({ name: "LBrace", pattern: "{", label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: "}", label: "`}`" });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`", categories: [Word] });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`", categories: [Word] });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`", categories: [Word] });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: ">=", label: "`>=`", categories: [Word] });
export const LessEqual = createToken({ name: "LessEqual", pattern: "<=", label: "`<=`", categories: [Word] });
/** SNOMED CT's "this concept and every concept below it" (ECL `<<`), before a code in a code list. */
export const DescendantsOrSelf = createToken({ name: "DescendantsOrSelf", pattern: "<<", label: "`<<`", categories: [Word] });
export const NotEqual = createToken({ name: "NotEqual", pattern: "!=", label: "`!=`", categories: [Word] });
export const Greater = createToken({ name: "Greater", pattern: ">", label: "`>`", categories: [Word] });
export const Less = createToken({ name: "Less", pattern: "<", label: "`<`", categories: [Word] });
export const Equals = createToken({ name: "Equals", pattern: "=", label: "`=`", categories: [Word] });

const keywordTokens: TokenType[] = [];
function keyword(word: string): TokenType {
  const name = word.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());
  const token = createToken({ name, pattern: new RegExp(`${word}(?![a-z0-9-])`), longer_alt: Identifier, label: `\`${word}\``, categories: [Word] });
  keywordTokens.push(token);
  return token;
}

export const Import = keyword("import");
export const From = keyword("from");
export const Guideline = keyword("guideline");
export const Source = keyword("source");
export const Codes = keyword("codes");
export const ObservationKw = keyword("observation");
export const FindingKw = keyword("finding");
export const ClassKw = keyword("class");
export const Within = keyword("within");
export const DrugKw = keyword("drug");
export const Define = keyword("define");
export const ParameterKw = keyword("parameter");
export const RuleKw = keyword("rule");
export const ContraindicationKw = keyword("contraindication");
export const ResistanceKw = keyword("resistance");
export const Window = keyword("window");
export const When = keyword("when");
export const Cite = keyword("cite");
export const StrategyKw = keyword("strategy");
export const First = keyword("first");
export const Second = keyword("second");
export const Alternative = keyword("alternative");
export const Choice = keyword("choice");
export const Advice = keyword("advice");
export const Leaflet = keyword("leaflet");
export const AlertKw = keyword("alert");
export const Key = keyword("key");
export const Review = keyword("review");
export const After = keyword("after");
export const Refer = keyword("refer");
export const Request = keyword("request");
export const Only = keyword("only");
export const If = keyword("if");
export const UnknownKw = keyword("unknown");
export const Known = keyword("known");
export const Offer = keyword("offer");
export const Exclude = keyword("exclude");
export const Withhold = keyword("withhold");
export const Note = keyword("note");
export const Or = keyword("or");
export const And = keyword("and");
export const Not = keyword("not");
export const Is = keyword("is");
export const In = keyword("in");
export const Between = keyword("between");
export const Allergic = keyword("allergic");
export const To = keyword("to");
export const Any = keyword("any");
export const No = keyword("no");
export const Where = keyword("where");
export const Course = keyword("course");
export const Culture = keyword("culture");
export const Result = keyword("result");
export const For = keyword("for");
export const Time = keyword("time");
export const Since = keyword("since");
export const Measured = keyword("measured");
export const Then = keyword("then");
export const Max = keyword("max");
export const Once = keyword("once");
export const Twice = keyword("twice");
export const Three = keyword("three");
export const Four = keyword("four");
export const Times = keyword("times");
export const Daily = keyword("daily");
export const Every = keyword("every");
export const Single = keyword("single");
export const Dose = keyword("dose");
export const Until = keyword("until");
export const Complete = keyword("complete");
export const Unverified = keyword("unverified");
export const Each = keyword("each");
export const Highest = keyword("highest");
export const Lowest = keyword("lowest");
export const Trend = keyword("trend");
export const Of = keyword("of");
export const Suggest = keyword("suggest");
export const Tests = keyword("tests");
export const Scenario = keyword("scenario");
export const Given = keyword("given");
export const Expect = keyword("expect");
export const At = keyword("at");
export const With = keyword("with");
export const On = keyword("on");
export const ScoreKw = keyword("score");
export const Criterion = keyword("criterion");
export const Onset = keyword("onset");
export const ChoicesKw = keyword("choices");

/** Every reserved word, for the docs and for "this is a reserved word" hints. */
export const keywords: readonly string[] = keywordTokens.map((t) => (t.LABEL ?? t.name).replace(/`/g, ""));

/** All tokens in lexing order: specific patterns before the general ones they would otherwise shadow. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  DateTimeLiteral,
  DateLiteral,
  VersionLiteral,
  HyphenCode,
  GreaterEqual,
  LessEqual,
  DescendantsOrSelf,
  NotEqual,
  Greater,
  Less,
  Equals,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  // keywords before units, so `guideline` is never read as the unit `g` followed by a name
  ...keywordTokens,
  Unit,
  StrengthLiteral,
  NumberLiteral,
  CodeWord,
  Identifier,
  Word,
  LineEnd,
];

/** The lexer, built once. */
const lexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });

/** Lexes `text`. A byte order mark at the start is read as a space, so every offset stays that of the text. */
export function tokenize(text: string): ILexingResult {
  return lexer.tokenize(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
}
