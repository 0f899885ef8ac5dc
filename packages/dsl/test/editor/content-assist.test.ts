import { describe, expect, test } from "vitest";
import { contentAssist } from "@steward/dsl";

const header = `guideline test-guideline {
  title "G"
}
`;

/** The keywords and token kinds the grammar accepts at the end of `text`. */
function next(text: string): string[] {
  return contentAssist(text, text.length).expected.map((e) => e.keyword ?? `<${e.kind}>`);
}

/** The innermost grammar rule reading each kind of token accepted at the end of `text`. */
function innermost(text: string): string[] {
  return contentAssist(text, text.length).expected.map((e) => `${e.keyword ?? `<${e.kind}>`} in ${e.rules[e.rules.length - 1]}`);
}

describe("contentAssist: what the grammar accepts next", () => {
  test("at the top level, the keywords that start a declaration", () => {
    expect(next("")).toEqual(expect.arrayContaining(["import", "guideline", "drug", "define", "rule", "tests", "scenario"]));
    expect(next(header)).toEqual(next(""));
  });

  test("inside a rule, the keywords that start a clause", () => {
    expect(next(`${header}rule r {\n  `)).toEqual(expect.arrayContaining(["cite", "when", "first", "advice", "alert", "refer", "<punctuation>"]));
  });

  test("after `first choice`, a name read as the drug of a choice", () => {
    expect(innermost(`${header}rule r {\n  first choice `)).toEqual(["<name> in choiceClause"]);
  });

  test("after a number in a condition, a unit (and the words that may follow a complete condition)", () => {
    const kinds = next(`${header}rule r {\n  when age >= 3 `);
    expect(kinds).toContain("<unit>");
    expect(kinds).toContain("and");
  });

  test("a partly typed word is left out of what was read and returned as the text a suggestion replaces", () => {
    const text = `${header}rule r {\n  when allergic to pen`;
    const assist = contentAssist(text, text.length);
    expect(assist.partial).toEqual({ offset: text.length - 3, text: "pen" });
    expect(assist.expected.map((e) => `${e.keyword ?? `<${e.kind}>`} in ${e.rules[e.rules.length - 1]}`)).toEqual(["course in drugRef", "<name> in drugRef"]);
  });

  test("a mistake in an earlier declaration does not stop suggestions in a later one", () => {
    expect(innermost(`rule broken { when >= }\n${header}rule r {\n  first choice `)).toEqual(["<name> in choiceClause"]);
  });

  test("inside a scenario's given block any word may come", () => {
    expect(innermost('tests "g.stw"\nscenario "s" {\n  given {\n    diagnosis ')).toContain("<word> in scenarioLine");
  });

  test("nothing is suggested inside a comment or a string", () => {
    expect(next(`${header}# a comm`)).toEqual([]);
    expect(next(`${header}rule r {\n  advice "take wi`)).toEqual([]);
  });
});
