import { describe, expect, test } from "vitest";
import { unitSpellings } from "@steward/core";
import { keywords, lex } from "@steward/dsl";

const kinds = (text: string): string[] => lex(text).map((l) => `${l.kind} ${l.text}`);

describe("lex: the words of a rule file for an editor", () => {
  test("classifies keywords, names, quantities, operators, strings and comments in source order", () => {
    expect(kinds('rule a { when egfr >= 45 mL/min/1.73m2 # renal\n advice "x" }')).toEqual([
      "keyword rule",
      "name a",
      "punctuation {",
      "keyword when",
      "name egfr",
      "operator >=",
      "number 45",
      "unit mL/min/1.73m2",
      "comment # renal",
      "keyword advice",
      'string "x"',
      "punctuation }",
    ]);
  });

  test("codes, dates and versions keep their own kinds", () => {
    expect(kinds("icd10 N30.0 33914-3 2026-01-31 2026-11-25T09:00:00Z 1.2.0")).toEqual(["name icd10", "code N30.0", "code 33914-3", "date 2026-01-31", "date 2026-11-25T09:00:00Z", "version 1.2.0"]);
  });

  test("every reserved word is a keyword, and a name that only starts with one is a name", () => {
    for (const word of keywords) expect(kinds(word)).toEqual([`keyword ${word}`]);
    expect(kinds("review-by no-antibiotic")).toEqual(["name review-by", "name no-antibiotic"]);
  });

  test("every unit spelling after a number is a unit", () => {
    const notUnits = unitSpellings.filter((u) => kinds(`1 ${u}`)[1] !== `unit ${u}`);
    expect(notUnits).toEqual([]);
  });

  test("characters the lexer cannot read are invalid, and an unterminated string is still a string", () => {
    expect(kinds('Drug "open')).toEqual(["invalid D", "name rug", 'string "open']);
  });
});
