/**
 * The TextMate grammar, built from the language's own tables: reserved words from the lexer, units
 * from core's unit table, words from core's word lists, declaration keywords from the grammar. A
 * test checks the committed `syntaxes/steward.tmLanguage.json` equals this, so it cannot drift.
 */
import { codeSystems, units, vocabulary } from "@steward/core";
import { contentAssist, keywords } from "@steward/dsl";

/** Escapes text for an Oniguruma regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Longest first, so `mL/min/1.73m2` is tried before `mL`. */
function alternatives(words: Iterable<string>): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escape).join("|");
}

const name = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*";
/** A word ends where a name could not go on (the lexer's rule for keywords). */
const wordEnd = "(?![a-z0-9-])";

/** The words of core's word lists (settings, routes, strategies, priorities …). */
function languageWords(): string[] {
  return Object.values(vocabulary as Record<string, unknown>).flatMap((rows) => (Array.isArray(rows) ? rows.flatMap((r: { word?: unknown }) => (typeof r.word === "string" ? [r.word] : [])) : []));
}

/** The keywords that start a named declaration (`drug`, `rule` …), from the grammar. */
function declarationKeywords(): string[] {
  return contentAssist("", 0).expected.flatMap((e) => (e.keyword !== undefined && e.keyword !== "import" && e.keyword !== "tests" && e.keyword !== "scenario" ? [e.keyword] : []));
}

/** The grammar as JSON-ready data. */
export function stewardGrammar(): object {
  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "Steward",
    scopeName: "source.steward",
    fileTypes: ["stw"],
    // In the lexer's order: a pattern listed first wins where two match at the same place.
    patterns: [
      { include: "#comment" },
      { include: "#string" },
      { include: "#declaration" },
      { include: "#date-like" },
      { include: "#operator" },
      { include: "#punctuation" },
      { include: "#keyword" },
      { include: "#unit" },
      { include: "#number" },
      { include: "#word" },
      { include: "#name" },
    ],
    repository: {
      comment: { name: "comment.line.number-sign.steward", match: "#.*$" },
      string: {
        name: "string.quoted.double.steward",
        begin: '"',
        end: '"|$',
        patterns: [{ name: "constant.character.escape.steward", match: "\\\\." }],
      },
      declaration: {
        match: `^\\s*(${alternatives(declarationKeywords())})\\s+(?!(?:${alternatives(keywords)})${wordEnd})(${name})`,
        captures: { "1": { name: "keyword.control.steward" }, "2": { name: "entity.name.steward" } },
      },
      "date-like": {
        patterns: [
          { name: "constant.numeric.date.steward", match: "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2})?(?:Z|[+-]\\d{2}:\\d{2})" },
          { name: "constant.numeric.date.steward", match: "\\d{4}-\\d{2}-\\d{2}(?![\\d-])" },
          { name: "constant.other.version.steward", match: "\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?" },
          { name: "constant.other.code.steward", match: "\\d+-\\d+" },
        ],
      },
      number: {
        patterns: [
          // A combination's strength, `500/125`, is one number token.
          { name: "constant.numeric.steward", match: "\\d+(?:\\.\\d+)?(?:/\\d+(?:\\.\\d+)?)+" },
          { name: "constant.numeric.steward", match: "\\d+(?:\\.\\d+)?" },
          { name: "constant.other.code.steward", match: "(?<![A-Za-z0-9])[A-Z][0-9][0-9A-Z]*(?:\\.[0-9A-Z]+)?" },
        ],
      },
      keyword: { name: "keyword.control.steward", match: `(?<![a-z0-9-])(?:${alternatives(keywords)})${wordEnd}` },
      unit: { name: "keyword.other.unit.steward", match: `(?<![A-Za-z-])(?:${alternatives(units.flatMap((u) => [u.symbol, ...u.aliases]))})(?![a-z0-9]|-[a-z0-9])` },
      word: { name: "support.constant.steward", match: `(?<![a-z0-9-])(?:${alternatives([...languageWords(), ...codeSystems.map((s) => s.word)])})${wordEnd}` },
      name: { name: "variable.other.steward", match: name },
      operator: { name: "keyword.operator.comparison.steward", match: ">=|<=|!=|>|<|=" },
      punctuation: {
        patterns: [
          { name: "punctuation.section.braces.steward", match: "[{}]" },
          { name: "punctuation.section.parens.steward", match: "[()]" },
          { name: "punctuation.separator.comma.steward", match: "," },
        ],
      },
    },
  };
}
