// The TextMate grammar against the language itself: generated from the lexer's and core's tables
// (the committed file must equal the generator's output), and over every rule file in guidelines/
// every token the real lexer reads is coloured as its kind.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { keywords, lex, type LexemeKind } from "@steward/dsl";
import { stewardGrammar } from "../scripts/grammar.js";
import { grammarPath, loadGrammar, type Tokenize } from "./textmate.js";

const repoRoot = resolve(import.meta.dirname, "../../..");

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? ruleFiles(path) : entry.name.endsWith(".stw") ? [path] : [];
  });
}

/** The scopes a token of each kind must carry (any one of them). */
const expectedScopes: Record<LexemeKind, readonly string[]> = {
  keyword: ["keyword.control.steward"],
  name: ["entity.name.steward", "support.constant.steward", "variable.other.steward"],
  code: ["constant.other.code.steward"],
  unit: ["keyword.other.unit.steward"],
  number: ["constant.numeric.steward"],
  date: ["constant.numeric.date.steward"],
  version: ["constant.other.version.steward"],
  string: ["string.quoted.double.steward"],
  comment: ["comment.line.number-sign.steward"],
  operator: ["keyword.operator.comparison.steward"],
  punctuation: ["punctuation.section.braces.steward", "punctuation.section.parens.steward", "punctuation.separator.comma.steward"],
  invalid: [],
};

/** Each lexeme whose characters are not all coloured as its kind, as `line:column kind text → scopes`. */
function mismatches(text: string, tokenize: Tokenize): string[] {
  const tokens = tokenize(text);
  const scopesAt = (offset: number): readonly string[] => tokens.find((t) => t.start <= offset && offset < t.end)?.scopes ?? [];
  const out: string[] = [];
  for (const lexeme of lex(text)) {
    const wanted = expectedScopes[lexeme.kind];
    if (wanted.length === 0) continue;
    for (let i = lexeme.offset; i < lexeme.offset + lexeme.length; i++) {
      const scopes = scopesAt(i);
      if (!wanted.some((w) => scopes.includes(w))) {
        const line = text.slice(0, lexeme.offset).split("\n").length;
        out.push(`${line}:${lexeme.offset - text.lastIndexOf("\n", lexeme.offset - 1)} ${lexeme.kind} ${lexeme.text} → ${scopes.join(" ")}`);
        break;
      }
    }
  }
  return out;
}

let tokenize: Tokenize;
beforeAll(async () => {
  tokenize = await loadGrammar();
});

describe("the TextMate grammar", () => {
  test("the committed grammar is the one generated from the language's tables (run `pnpm --filter steward-vscode generate:grammar`)", () => {
    expect(JSON.parse(readFileSync(grammarPath, "utf8"))).toEqual(stewardGrammar());
  });

  test("colours every reserved word of the lexer as a keyword, and a name that only starts with one as a name", () => {
    const text = `${keywords.join(" ")}\nreview-by no-antibiotic course-1 given-name\n`;
    expect(mismatches(text, tokenize)).toEqual([]);
    expect(tokenize("review-by").flatMap((t) => t.scopes)).not.toContain("keyword.control.steward");
  });

  const files = ruleFiles(resolve(repoRoot, "guidelines"));
  test("there are rule files to read", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  // The primary-care test guideline uses syntax the bundled guidelines do not: scores, choices blocks,
  // strengths, ranges, alternatives, companions, onsets and advice kinds.
  const primaryCare = ["primary-care.stw", "primary-care.test.stw"].map((f) => resolve(repoRoot, "packages/testing/test/fixtures", f));
  test.each([...files, ...primaryCare].map((f) => [relative(repoRoot, f), f] as const))("colours every token of %s as the lexer reads it", (_name, file) => {
    expect(mismatches(readFileSync(file, "utf8"), tokenize)).toEqual([]);
  });
});
