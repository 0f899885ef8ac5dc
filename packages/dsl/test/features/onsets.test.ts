import { describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import { compileErrors, compileOk, header } from "./guideline.js";

const prelude = `${header}
codes acute-sinusitis "Acute sinusitis" {
  snomed 15805002 "Acute sinusitis"
}

finding cough "Cough"

drug amoxicillin "Amoxicillin" {
  routes oral
}
`;

function rule(when: string): string {
  return `${prelude}\nrule r {\n  cite nice\n  when ${when}\n  advice "a"\n}\n`;
}

const whenLine = `${prelude}\n`.split("\n").length + 2;

describe("time since onset (§15.9)", () => {
  test("NG79: symptoms for around 10 days or more reads the onset of the diagnosis", () => {
    const when = compileOk(rule("diagnosis in acute-sinusitis and time since onset of acute-sinusitis >= 10 days")).rules[0]!.when;
    expect(when).toMatchObject({
      kind: "and",
      args: [{ kind: "in" }, { kind: "compare", op: ">=", left: { kind: "time-since", of: { kind: "onset", of: { kind: "code-list", id: "acute-sinusitis" } } }, right: { kind: "quantity", value: 10, unit: "days" } }],
    });
  });

  test("the onset of a finding is when the symptom began", () => {
    const when = compileOk(rule("cough and time since onset of cough >= 3 weeks")).rules[0]!.when;
    expect(when).toMatchObject({ args: [{ kind: "truth" }, { left: { kind: "time-since", of: { kind: "onset", of: { kind: "finding", id: "cough" } } } }] });
  });

  test("an onset is a date and time: compared with another, or read with `time since`", () => {
    compileOk(rule("onset of cough <= onset of acute-sinusitis"));
    expect(compileErrors(rule("onset of cough >= 3 days"))).toEqual([{ code: "check/type-mismatch", severity: "error", line: whenLine, column: 26 }]);
  });

  test("the onset of anything but a code list or a finding is the wrong kind of name", () => {
    expect(compileErrors(rule("time since onset of amoxicillin >= 3 days"))).toEqual([{ code: "check/wrong-kind-of-name", severity: "error", line: whenLine, column: 28 }]);
    expect(compileErrors(rule("time since onset of sinusitis >= 3 days"))[0]?.code).toBe("check/unresolved-name");
  });

  test("`onset` is a reserved word, and an onset is written back as it is read", () => {
    expect(parse("define onset = pregnant\n").diagnostics[0]?.code).toBe("parse/unexpected-token");
    const text = rule("time since onset of acute-sinusitis >= 10 days");
    expect(format(parse(text).ast)).toBe(text);
  });
});
