import { describe, expect, test } from "vitest";
import { compileErrors, compileOk, header, ruleWhen } from "./guideline.js";

// The header ends with a line break, then a blank line and `rule r {`, `cite nice`: the condition is on the line after.
const line = header.split("\n").length + 3;

/** A rule holding `clause`, under the header and a drug. */
function reviewed(clause: string): string {
  return `${header}\nrule r {\n  cite nice\n  when pregnant\n  ${clause}\n}\n`;
}

describe("numbers are read exactly, or refused where they are written (§22.2, check/invalid-quantity)", () => {
  test("a 401-digit number is refused at the number, not passed to the compiler as infinity", () => {
    expect(compileErrors(`${header}\n${ruleWhen(`age > ${"9".repeat(401)} years`)}`)).toEqual([{ code: "check/invalid-quantity", severity: "error", line, column: 14 }]);
  });

  test("`review after 100000000000000000000 hours` is refused: no evaluation could count that far", () => {
    expect(compileErrors(reviewed("review after 100000000000000000000 hours"))).toEqual([{ code: "check/invalid-quantity", severity: "error", line: line + 1, column: 16 }]);
  });

  test("`0.99 months` and `1.5 years` are refused: months and years are whole, counted on the calendar", () => {
    expect(compileErrors(`${header}\n${ruleWhen("age > 0.99 months")}`)).toEqual([{ code: "check/invalid-quantity", severity: "error", line, column: 14 }]);
    expect(compileErrors(`${header}\n${ruleWhen("age >= 1.5 years")}`)).toEqual([{ code: "check/invalid-quantity", severity: "error", line, column: 15 }]);
  });

  test("lengths of time over 200 years are refused in any unit; 200 years, 2400 months and whole-number ages are read", () => {
    expect(compileErrors(`${header}\n${ruleWhen("age > 201 years")}`).map((d) => d.code)).toEqual(["check/invalid-quantity"]);
    expect(compileErrors(`${header}\n${ruleWhen("age > 2401 months")}`).map((d) => d.code)).toEqual(["check/invalid-quantity"]);
    expect(compileErrors(reviewed("review after 1753201 hours")).map((d) => d.code)).toEqual(["check/invalid-quantity"]);
    expect(compileOk(`${header}\n${ruleWhen("age < 200 years and age >= 2400 months")}`).rules).toHaveLength(1);
  });

  test("more than 15 significant digits, or more than 1000000000, is refused; trailing and leading zeros do not count", () => {
    expect(compileErrors(`${header}\nparameter p = 1.0000000000000001\n`).map((d) => d.code)).toEqual(["check/invalid-quantity"]);
    expect(compileErrors(`${header}\nparameter p = 1000000001\n`).map((d) => d.code)).toEqual(["check/invalid-quantity"]);
    expect(compileOk(`${header}\nparameter p = 0.000000000000001500\n\nparameter q = 1000000000\n`).parameters.map((p) => p.value.value)).toEqual([1.5e-15, 1e9]);
  });

  test("a dose's numbers are held to the same rule", () => {
    const text = `${header}\ndrug amoxicillin "Amoxicillin" {\n  routes oral\n}\n\nrule r {\n  cite nice\n  when pregnant\n  first choice amoxicillin 12345678901234567 mg oral three times daily for 5 days\n}\n`;
    expect(compileErrors(text).map((d) => d.code)).toEqual(["check/invalid-quantity"]);
  });
});
