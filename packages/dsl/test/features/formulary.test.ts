import { describe, expect, test } from "vitest";
import { compileErrors, compileOk, header } from "./guideline.js";

const classes = `class antibacterials "Antibacterials"

class beta-lactams "Beta-lactam antibacterials" within antibacterials {
  cite nice "Beta-lactams"
}

class penicillins "Penicillins" within beta-lactams

class aminopenicillins "Aminopenicillins" within penicillins, antibacterials
`;

describe("drug classes (§9)", () => {
  test("lower with their broader classes and citations, sorted by id", () => {
    const ir = compileOk(`${header}\n${classes}`);
    expect(ir.classes).toEqual([
      { id: "aminopenicillins", title: "Aminopenicillins", within: ["penicillins", "antibacterials"], codes: [], members: [], crossReactivity: [], citations: [] },
      { id: "antibacterials", title: "Antibacterials", within: [], codes: [], members: [], crossReactivity: [], citations: [] },
      { id: "beta-lactams", title: "Beta-lactam antibacterials", within: ["antibacterials"], codes: [], members: [], crossReactivity: [], citations: [{ source: "nice", section: "Beta-lactams" }] },
      { id: "penicillins", title: "Penicillins", within: ["beta-lactams"], codes: [], members: [], crossReactivity: [], citations: [] },
    ]);
  });

  test("a class cannot be within itself, directly or through others", () => {
    const text = `${header}\nclass a "A" within c\n\nclass b "B" within a\n\nclass c "C" within b\n`;
    expect(compileErrors(text).map((d) => d.code)).toContain("check/class-cycle");
  });

  test("`within` must name a class", () => {
    expect(compileErrors(`${header}\nclass a "A" within nice\n`)).toEqual([{ code: "check/wrong-kind-of-name", severity: "error", line: 15, column: 20 }]);
  });
});

describe("drugs (§10)", () => {
  test("lower with codes, direct classes, every broader class (transitively), AWaRe, routes, oral option and citations", () => {
    const text = `${header}\n${classes}
drug amoxicillin "Amoxicillin" {
  dmd 39732411000001106 "Amoxicillin 500mg capsules"
  classes aminopenicillins
  aware access
  routes oral, iv
  cite nice "Amoxicillin"
}

drug co-amoxiclav "Co-amoxiclav" {
  classes penicillins
  aware watch
  routes iv
  oral-option amoxicillin
}
`;
    const ir = compileOk(text);
    expect(ir.drugs).toEqual([
      {
        id: "amoxicillin",
        name: "Amoxicillin",
        codes: [{ system: "dmd", code: "39732411000001106", display: "Amoxicillin 500mg capsules" }],
        classes: ["aminopenicillins"],
        allClasses: ["aminopenicillins", "antibacterials", "beta-lactams", "penicillins"],
        aware: "access",
        routes: ["oral", "iv"],
        sites: [],
        citations: [{ source: "nice", section: "Amoxicillin" }],
      },
      {
        id: "co-amoxiclav",
        name: "Co-amoxiclav",
        codes: [],
        classes: ["penicillins"],
        allClasses: ["antibacterials", "beta-lactams", "penicillins"],
        aware: "watch",
        routes: ["iv"],
        sites: [],
        oralOption: "amoxicillin",
        citations: [],
      },
    ]);
  });

  test("a drug with no class and no AWaRe category has empty class lists and no `aware`", () => {
    const ir = compileOk(`${header}\ndrug fosfomycin "Fosfomycin" {\n  routes oral\n}\n`);
    expect(ir.drugs).toEqual([{ id: "fosfomycin", name: "Fosfomycin", codes: [], classes: [], allClasses: [], routes: ["oral"], sites: [], citations: [] }]);
  });

  test("a route listed twice appears once", () => {
    expect(compileOk(`${header}\ndrug d "D" {\n  routes oral, iv, oral\n}\n`).drugs[0]!.routes).toEqual(["oral", "iv"]);
  });

  test("a drug must say its routes", () => {
    expect(compileErrors(`${header}\ndrug d "D" {\n  aware access\n}\n`)).toEqual([{ code: "check/missing-field", severity: "error", line: 15, column: 6 }]);
  });

  test("an unknown route is reported at the word", () => {
    expect(compileErrors(`${header}\ndrug d "D" {\n  routes orla\n}\n`)).toEqual([{ code: "check/unknown-word", severity: "error", line: 16, column: 10 }]);
  });

  test("an unknown AWaRe category is reported at the word", () => {
    expect(compileErrors(`${header}\ndrug d "D" {\n  aware accesss\n  routes oral\n}\n`)).toEqual([{ code: "check/unknown-word", severity: "error", line: 16, column: 9 }]);
  });

  test("a class that is not declared is reported at its name", () => {
    expect(compileErrors(`${header}\ndrug d "D" {\n  classes penicilins\n  routes oral\n}\n`)).toEqual([{ code: "check/unresolved-name", severity: "error", line: 16, column: 11 }]);
  });

  test("an oral option must be a drug in the formulary", () => {
    expect(compileErrors(`${header}\ndrug d "D" {\n  routes iv\n  oral-option amoxicilin\n}\n`)).toEqual([{ code: "check/drug-not-in-formulary", severity: "error", line: 17, column: 15 }]);
  });

  test("a drug citing an unknown source is reported at the source", () => {
    expect(compileErrors(`${header}\ndrug d "D" {\n  routes oral\n  cite bnf\n}\n`)).toEqual([{ code: "check/unknown-source", severity: "error", line: 17, column: 8 }]);
  });

  test("a choice of a drug that is not in the formulary is reported at the drug", () => {
    const text = `${header}\nrule r {\n  cite nice\n  when pregnant\n  first choice amoxicillin 500 mg oral three times daily for 5 days\n}\n`;
    expect(compileErrors(text)).toEqual([{ code: "check/drug-not-in-formulary", severity: "error", line: 18, column: 16 }]);
  });
});
