import { evaluate } from "@steward/core";
import { describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import { compileErrors, compileOk, formulary, header } from "./guideline.js";

const prelude = `${header}
${formulary}`;
const preludeLines = prelude.split("\n").length - 1;

const rule = `rule reserve {
  cite nice "restricted agents"
  for each course
  when course route is iv
  alert high "{course drug} needs approval from the antimicrobial stewardship team before it is given: refer now" key needs-approval
    summary "{course drug} needs AMS approval"
    detail "The **AMS team** approves every {course drug} course."
    override approved "Approved by the AMS team"
    override not-started "Not started yet"
  refer ams-team urgent "{course drug} needs approval"
    summary "Refer {course drug} to the AMS team"
  review after 48 hours from course start
    detail "Check the culture results first."
}
`;

describe("card text (§13.12): summary, detail and override reasons under an alert or action", () => {
  test("compile to the alert's and actions' IR; placeholders are allowed as in messages", () => {
    const ir = compileOk(`${prelude}\n${rule}`);
    const [r] = ir.rules;
    expect(r!.alerts).toEqual([
      {
        priority: "high",
        message: "{course drug} needs approval from the antimicrobial stewardship team before it is given: refer now",
        key: "needs-approval",
        summary: "{course drug} needs AMS approval",
        detail: "The **AMS team** approves every {course drug} course.",
        overrideReasons: [
          { code: "approved", display: "Approved by the AMS team" },
          { code: "not-started", display: "Not started yet" },
        ],
      },
    ]);
    expect(r!.actions.map((a) => [a.kind, a.summary, a.detail])).toEqual([
      ["refer", "Refer {course drug} to the AMS team", undefined],
      ["review", undefined, "Check the culture results first."],
    ]);
  });

  test("format keeps each part on a line of its own under its clause, and parsing it again gives the same", () => {
    const text = `${prelude}\n${rule}`;
    const formatted = format(parse(text, "main.stw").ast);
    expect(formatted).toContain('  alert high "{course drug} needs approval from the antimicrobial stewardship team before it is given: refer now" key needs-approval\n    summary "{course drug} needs AMS approval"\n');
    expect(format(parse(formatted, "main.stw").ast)).toBe(formatted);
  });

  test("the evaluator fills them in, and cuts a placeholder's value in a summary to 40 characters so the proof holds", () => {
    const ir = compileOk(`${prelude}\n${rule}`);
    const long = "Amoxicillin 1 g powder for solution for injection vials (a ward's own name)";
    const context = { setting: "primary-care", patient: { age: 60 }, orders: [{ id: "o1", status: "active", drug: { code: { system: "https://example.org/ward-drugs", code: "AMX1G" }, display: long }, route: "iv", indications: [] }] };
    const decision = evaluate([ir], context, { now: "2026-11-25T09:00:00Z" });
    if (decision._tag === "Left") throw new Error(JSON.stringify(decision.left));
    const [alert] = decision.right.alerts;
    expect(alert!.summary).toBe(`${long.slice(0, 39)}… needs AMS approval`);
    expect([...alert!.summary!].length).toBeLessThanOrEqual(139);
    expect(alert!.detail).toBe(`The **AMS team** approves every ${long} course.`);
    expect(alert!.overrideReasons).toEqual([{ code: "approved", display: "Approved by the AMS team" }, { code: "not-started", display: "Not started yet" }]);
    expect(decision.right.actions.find((a) => a.kind === "refer")!.summary).toBe(`Refer ${long.slice(0, 39)}… to the AMS team`);
  });

  test("mistakes: a second summary, an override reason under an action, a code after `summary`", () => {
    const bad = `rule r {
  cite nice "x"
  for each course
  when course route is iv
  alert high "m" key k
    summary "a"
    summary "b"
  refer ams-team urgent "why"
    override approved "Approved"
  request egfr "why"
    detail extra "d"
}
`;
    expect(compileErrors(`${prelude}\nobservation egfr "eGFR" {\n  unit mL/min/1.73m2\n  loinc 33914-3 "eGFR"\n}\n${bad}`).map((d) => [d.code, d.line! - preludeLines - 5])).toEqual([
      ["check/duplicate-field", 7],
      ["check/unknown-field", 9],
      ["check/unknown-field", 11],
    ]);
  });
});
