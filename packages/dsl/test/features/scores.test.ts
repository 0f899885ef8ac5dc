import { describe, expect, test } from "vitest";
import { check, format, loadProgram, parse } from "@steward/dsl";
import { compileErrors, compileOk, header, summary } from "./guideline.js";

/** FeverPAIN (NICE NG84) and CRB65 (NG138) with their criteria, plus a score the host records. */
const scores = `${header}
finding fever "Fever in the past 24 hours"
finding purulence "Purulence"
finding attend-rapidly "Attended rapidly (within 3 days)"
finding inflamed-tonsils "Severely inflamed tonsils"
finding no-cough-or-coryza "No cough or coryza"
finding confusion "New confusion"

observation respiratory-rate "Respiratory rate" {
  unit /min
  loinc 9279-1 "Respiratory rate"
}

score feverpain "FeverPAIN score" {
  cite nice "FeverPAIN"
  criterion fever
  criterion purulence
  criterion attend-rapidly
  criterion inflamed-tonsils
  criterion no-cough-or-coryza
}

score crb65 "CRB65 score" {
  criterion confusion
  criterion respiratory-rate >= 30 /min
  criterion age >= 65 years
}

score news2 "NEWS2 score" {
  snomed 1104051000000101 "NEWS2 score"
  range 0 to 20
}
`;

/** The line of `text` on which `needle` first appears. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

/** Line where text appended to `scores` starts. */
const after = scores.split("\n").length;

function rule(when: string): string {
  return `${scores}rule r {\n  cite nice\n  when ${when}\n  advice "a"\n}\n`;
}

describe("scores (§26)", () => {
  test("a computed score lowers to its criteria, one point each, from 0 to their number", () => {
    const ir = compileOk(rule("feverpain >= 4 and crb65 >= 2 and news2 >= 5"));
    const feverpain = ir.scores.find((s) => s.id === "feverpain")!;
    expect(feverpain).toMatchObject({ kind: "computed", title: "FeverPAIN score", min: 0, max: 5, citations: [{ source: "nice", section: "FeverPAIN" }] });
    expect(feverpain.kind === "computed" && feverpain.criteria.map((c) => c.text)).toEqual(["fever", "purulence", "attend-rapidly", "inflamed-tonsils", "no-cough-or-coryza"]);
    const crb65 = ir.scores.find((s) => s.id === "crb65")!;
    expect(crb65.kind === "computed" && crb65.criteria[1]).toEqual({
      text: "respiratory-rate >= 30 /min",
      condition: { kind: "compare", op: ">=", left: { kind: "observation", id: "respiratory-rate" }, right: { kind: "quantity", value: 30, unit: "/min" }, text: "respiratory-rate >= 30 /min" },
    });
  });

  test("a recorded score lowers to its codes and range; rules read any score by name", () => {
    const ir = compileOk(rule("news2 >= 5"));
    expect(ir.scores.find((s) => s.id === "news2")).toEqual({ kind: "recorded", id: "news2", title: "NEWS2 score", min: 0, max: 20, codes: [{ system: "snomed", code: "1104051000000101", display: "NEWS2 score" }], citations: [] });
    expect(ir.rules[0]!.when).toEqual({ kind: "compare", op: ">=", left: { kind: "score", id: "news2" }, right: { kind: "quantity", value: 5, unit: "" }, text: "news2 >= 5" });
  });

  test("FeverPAIN 2 to 3 and CRB65 1 to 2 read as the tables print them", () => {
    const ir = compileOk(rule("feverpain between 2 and 3 and crb65 between 1 and 2"));
    expect(ir.rules[0]!.when).toMatchObject({ kind: "and", args: [{ kind: "between", value: { kind: "score", id: "feverpain" } }, { kind: "between", value: { kind: "score", id: "crb65" } }] });
  });

  test("a threshold that is not a whole number, or outside the range, is reported at it", () => {
    expect(compileErrors(rule("feverpain >= 1.5"))).toEqual([{ code: "check/invalid-value", severity: "error", line: after + 2, column: 21 }]);
    expect(compileErrors(rule("crb65 >= 5"))).toEqual([{ code: "check/invalid-value", severity: "error", line: after + 2, column: 17 }]);
    expect(compileErrors(rule("news2 between 0 and 21"))).toEqual([{ code: "check/invalid-value", severity: "error", line: after + 2, column: 28 }]);
    expect(compileErrors(rule("feverpain >= 4 mg"))).toEqual([{ code: "check/unit-dimension", severity: "error", line: after + 2, column: 21 }]);
  });

  test("a score has criteria or codes and a range; the mistakes are reported at the score", () => {
    const both = `${header}\nscore s "S" {\n  criterion pregnant\n  snomed 1104051000000101 "NEWS2 score"\n}\n`;
    expect(compileErrors(both)).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: lineOf(both, "snomed"), column: 3 }]);
    const neither = `${header}\nscore s "S" {\n  cite nice\n}\n`;
    expect(compileErrors(neither)).toEqual([{ code: "check/missing-field", severity: "error", line: lineOf(neither, "score s"), column: 7 }]);
    const noRange = `${header}\nscore s "S" {\n  snomed 1104051000000101 "NEWS2 score"\n}\n`;
    expect(compileErrors(noRange)[0]?.code).toBe("check/missing-field");
    const reversed = `${header}\nscore s "S" {\n  snomed 1104051000000101 "NEWS2 score"\n  range 20 to 0\n}\n`;
    expect(compileErrors(reversed)).toEqual([{ code: "check/invalid-value", severity: "error", line: lineOf(reversed, "range"), column: 3 }]);
    const units = `${header}\nscore s "S" {\n  snomed 1104051000000101 "NEWS2 score"\n  range 0 mg to 20\n}\n`;
    expect(compileErrors(units)[0]?.code).toBe("check/invalid-value");
    const twice = `${header}\nscore s "S" {\n  snomed 1104051000000101 "NEWS2 score"\n  range 0 to 20\n  range 0 to 3\n}\n`;
    expect(compileErrors(twice)).toEqual([{ code: "check/duplicate-field", severity: "error", line: lineOf(twice, "range 0 to 3"), column: 3 }]);
  });

  test("a criterion is a condition, and cannot use its own score", () => {
    expect(compileErrors(`${header}\nscore s "S" {\n  criterion age\n}\n`)[0]?.code).toBe("check/type-mismatch");
    const cycle = `${header}\nscore s "S" {\n  criterion high\n}\n\ndefine high = s >= 1\n`;
    expect(compileErrors(cycle)[0]?.code).toBe("check/define-cycle");
  });

  test("a score is written back as it is read", () => {
    expect(format(parse(scores).ast)).toBe(scores);
  });
});

describe("a score written the old way", () => {
  test("an observation with no unit titled a score, compared with a number, is a warning pointing to `score`", () => {
    const text = `${header}\nobservation feverpain "FeverPAIN score" {\n  snomed 1104051000000101 "placeholder"\n}\n\nrule r {\n  cite nice\n  when feverpain >= 4\n  advice "a"\n}\n`;
    const found = check(loadProgram(["main.stw"], { read: (p) => (p === "main.stw" ? text : undefined) }));
    expect(summary(found)).toEqual([{ code: "check/score-as-observation", severity: "warning", line: lineOf(text, "when"), column: 21 }]);
    expect(found[0]!.hint).toContain("`score`");
  });

  test("adding points with `+` is an unexpected character with the hint to declare a score", () => {
    const parsed = parse("define feverpain-high = fever + purulence\n");
    expect(parsed.diagnostics[0]).toMatchObject({ code: "parse/unexpected-character", span: { line: 1, column: 31 } });
    expect(parsed.diagnostics[0]!.hint).toContain("`score`");
  });
});
