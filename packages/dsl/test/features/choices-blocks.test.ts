import { describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import { compileErrors, compileOk, header, memoryHost, primaryCareFormulary } from "./guideline.js";
import { compileText } from "@steward/dsl";
import { isRight } from "fp-ts/lib/Either.js";

const table = `choices sore-throat-adults {
  first choice phenoxymethylpenicillin 500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days
  alternative choice clarithromycin 250 mg to 500 mg oral twice daily for 5 days {
    only if allergic to penicillins
  }
}
`;

const guideline = `${header}\n${primaryCareFormulary}\n${table}
rule feverpain-4-or-5 {
  cite nice-tables "FeverPAIN 4 or 5"
  when age >= 18 years and pregnant
  strategy immediate
  offer sore-throat-adults
}

rule feverpain-2-or-3 {
  cite nice-tables "FeverPAIN 2 or 3"
  when age >= 18 years and not pregnant
  strategy back-up "Use it if no better in 3 to 5 days"
  first choice doxycycline 200 mg oral on day 1 then 100 mg once daily for 4 days
  offer sore-throat-adults
}
`;

describe("choices blocks and `offer` (§27, §13.10)", () => {
  test("two rules offer one table: each has the block's choices, in the place of its `offer`", () => {
    const ir = compileOk(guideline);
    expect(ir.rules[0]!.treatments.map((t) => `${t.rank} ${t.drug}`)).toEqual(["first phenoxymethylpenicillin", "alternative clarithromycin"]);
    expect(ir.rules[1]!.treatments.map((t) => `${t.rank} ${t.drug}`)).toEqual(["first doxycycline", "first phenoxymethylpenicillin", "alternative clarithromycin"]);
    expect(ir.rules[1]!.treatments[2]!.onlyIf).toEqual(ir.rules[0]!.treatments[1]!.onlyIf);
  });

  test("a block imported from another file is checked once, in its own file, and reaches the IR through the rules", () => {
    const shared = `${primaryCareFormulary}\n${table}`;
    const main = `import sore-throat-adults from "shared.stw"\n${header}\nrule r {\n  cite nice\n  when pregnant\n  offer sore-throat-adults\n}\n`;
    const result = compileText(main, "main.stw", memoryHost({ "shared.stw": shared }));
    expect(isRight(result) && result.right.rules[0]!.treatments.map((t) => t.drug)).toEqual(["phenoxymethylpenicillin", "clarithromycin"]);
    expect(isRight(result) && result.right.drugs.map((d) => d.id)).toEqual(["clarithromycin", "phenoxymethylpenicillin"]);
  });

  test("offering something that is not a block, or nothing, is reported at the name", () => {
    const offerLine = (text: string) => text.slice(0, text.indexOf("offer x")).split("\n").length;
    const notBlock = `${header}\n${primaryCareFormulary}\ndefine x = pregnant\n\nrule r {\n  cite nice-tables\n  when pregnant\n  offer x\n}\n`;
    expect(compileErrors(notBlock)).toEqual([{ code: "check/wrong-kind-of-name", severity: "error", line: offerLine(notBlock), column: 9 }]);
    const missing = `${header}\nrule r {\n  cite nice\n  when pregnant\n  offer x\n}\n`;
    expect(compileErrors(missing)).toEqual([{ code: "check/unresolved-name", severity: "error", line: offerLine(missing), column: 9 }]);
  });

  test("an empty block, and a `for each` rule offering one, are reported", () => {
    const empty = `${header}\nchoices x {\n}\n\nrule r {\n  cite nice\n  when pregnant\n  offer x\n}\n`;
    expect(compileErrors(empty)[0]).toEqual({ code: "check/missing-field", severity: "error", line: empty.split("\n").indexOf("choices x {") + 1, column: 9 });
    const forEach = `${header}\n${primaryCareFormulary}\n${table}\nrule r {\n  cite nice-tables\n  for each course\n  when pregnant\n  offer sore-throat-adults\n}\n`;
    expect(compileErrors(forEach)[0]?.code).toBe("check/conflicting-clauses");
  });

  test("a block is written back as it is read", () => {
    expect(format(parse(guideline).ast)).toBe(guideline);
  });
});

describe("`unverified` on a rule or a choice (§13.11, §14.12)", () => {
  test("NG84: clarithromycin's dose, on which sources disagree, is kept as written and marked", () => {
    const text = `${header}\n${primaryCareFormulary}\nrule r {\n  cite nice-tables\n  unverified "the wording of the recommendation is seen only in a summary"\n  when pregnant\n  alternative choice clarithromycin 250 mg to 500 mg oral twice daily for 5 days {\n    unverified "sources disagree on the dose"\n  }\n}\n`;
    const rule = compileOk(text).rules[0]!;
    expect(rule.unverified).toBe("the wording of the recommendation is seen only in a summary");
    expect(rule.treatments[0]!.unverified).toBe("sources disagree on the dose");
    expect(format(parse(text).ast)).toBe(text);
  });

  test("one `unverified` per rule or choice, with its reason", () => {
    const twice = `${header}\nrule r {\n  cite nice\n  unverified "a"\n  unverified "b"\n  when pregnant\n  advice "x"\n}\n`;
    expect(compileErrors(twice)[0]?.code).toBe("check/duplicate-field");
    const empty = `${header}\nrule r {\n  cite nice\n  unverified ""\n  when pregnant\n  advice "x"\n}\n`;
    expect(compileErrors(empty)[0]?.code).toBe("check/missing-field");
    const alone = `${header}\nrule r {\n  cite nice\n  unverified "a"\n  when pregnant\n}\n`;
    expect(compileErrors(alone)[0]?.code).toBe("check/rule-without-outcome");
  });
});
