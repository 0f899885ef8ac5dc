import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Decision, PatientContextInput } from "@steward/core";
import { compile, compileScenarios, loadProgram, parse } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import { decisionLines, givenLines, toScenario } from "@steward/testing";
import { compileNg109, decide, evaluatorOf, NOW, repoHost, repoRoot } from "./guidelines.js";

const ng109 = compileNg109();
const evaluator = evaluatorOf(ng109);
const FILE = "guidelines/ng109-lower-uti/pasted.test.stw";
const examples = readdirSync(join(repoRoot, "examples/patients"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(repoRoot, "examples/patients", f), "utf8")) as PatientContextInput] as const);

/**
 * A decision for comparison with the one for the pasted scenario, which numbers orders and cultures
 * course-1, culture-1… in order: the original ids are renamed to match.
 */
function renumbered(d: Decision, context: PatientContextInput): string {
  const ids = [
    ...(context.orders ?? []).filter((o) => o.status === "active" || o.status === "draft").map((o, i) => [o.id, `course-${i + 1}`] as const),
    ...(context.microbiology ?? []).map((c, i) => [c.id, `culture-${i + 1}`] as const),
  ];
  return ids.reduce(
    (json, [from, to]) => json.replace(new RegExp(`(?<![\\w-])${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "g"), to),
    JSON.stringify({ lines: decisionLines(d), applied: d.guidelines.map((g) => g.rulesApplied), missing: d.missingData.map((m) => m.data), alerts: d.alerts.map((a) => a.key), suppressed: d.suppressedAlerts.map((a) => a.key), advice: d.advice }),
  );
}

/** Display texts (an organism's name, the host's name for a drug product) are not scenario facts. */
function codesOnly(context: PatientContextInput): PatientContextInput {
  return JSON.parse(JSON.stringify(context), (key, v: unknown) => (key === "display" ? undefined : v)) as PatientContextInput;
}

/** The scenario for `context`, in a test file next to ng109.stw. */
function testFile(name: string, context: PatientContextInput): string {
  return `tests "ng109.stw"\n\n${toScenario(name, context, NOW, [ng109])}\n`;
}

describe("toScenario", () => {
  test("there are example patients to check", () => {
    expect(examples.length).toBeGreaterThanOrEqual(13);
  });

  test.each(examples)("the scenario for %s parses with no syntax errors", (name, context) => {
    expect(parse(testFile(name, context), FILE).diagnostics).toEqual([]);
  });

  test.each(examples)("the scenario for %s, compiled against NG109, describes the same patient (orders and cultures renumbered)", (name, context) => {
    const compiled = compileScenarios(loadProgram([FILE], repoHost({ [FILE]: testFile(name, context) })), FILE);
    if (isLeft(compiled)) throw new Error(compiled.left.map((d) => `${d.span?.line ?? "?"}: ${d.message}`).join("; "));
    const scenario = compiled.right.suite.scenarios[0]!;
    expect(scenario.at).toBe(NOW);
    expect(renumbered(decide(evaluator, scenario.context, scenario.at), context)).toBe(renumbered(decide(evaluator, codesOnly(context), NOW), context));
  });

  // The hospital guidelines read what NG109 does not: orders with their indications and reviews,
  // cultures with their organisms and collection times, findings, temperatures and acknowledgements.
  const hospital = ["coded-indication", "start-smart-then-focus", "iv-to-oral-switch", "restricted-antimicrobials"].map((dir) => {
    const path = `guidelines/${dir}/${dir}.stw`;
    const compiled = compile(loadProgram([path], repoHost()), path);
    if (isLeft(compiled)) throw new Error(`${path} does not compile`);
    return [dir, compiled.right] as const;
  });
  const inpatients = examples.filter(([name]) => Number.parseInt(name, 10) >= 20);

  test.each(inpatients)("the scenario for %s describes the same patient to each hospital guideline (orders and cultures renumbered)", (name, context) => {
    expect(inpatients.length).toBeGreaterThanOrEqual(5);
    for (const [dir, guideline] of hospital) {
      const file = `guidelines/${dir}/pasted.test.stw`;
      const text = `tests "${dir}.stw"\n\n${toScenario(name, context, NOW, [guideline])}\n`;
      const compiled = compileScenarios(loadProgram([file], repoHost({ [file]: text })), file);
      if (isLeft(compiled)) throw new Error(`${dir}: ${compiled.left.map((d) => `${d.span?.line ?? "?"}: ${d.message}`).join("; ")}`);
      const scenario = compiled.right.suite.scenarios[0]!;
      const hospitalEvaluator = evaluatorOf(guideline);
      expect(renumbered(decide(hospitalEvaluator, scenario.context, scenario.at), context), `${dir}`).toBe(renumbered(decide(hospitalEvaluator, codesOnly(context), NOW), context));
    }
  });

  test("a course's coded drug and indications, and a culture's organism or no growth, are written as codes", () => {
    const context: PatientContextInput = {
      patient: {},
      setting: "inpatient",
      orders: [{ id: "rx1", status: "active", drug: { code: { system: "http://snomed.info/sct", code: "387179001" } }, route: "oral", indications: [{ system: "http://hl7.org/fhir/sid/icd-10", code: "N30.0" }] }],
      microbiology: [
        { id: "c1", specimen: "urine", status: "final", organism: { system: "http://snomed.info/sct", code: "112283007" } },
        { id: "c2", specimen: "blood", status: "final", noGrowth: true },
      ],
    };
    expect(givenLines(context, [ng109])).toEqual(["setting inpatient", "course snomed 387179001 oral for icd10 N30.0", "culture urine grows snomed 112283007", "culture blood no growth"]);
  });

  test("lab units sent in UCUM are written as the rule language spells them", () => {
    const context: PatientContextInput = {
      patient: { sex: "male", weight: { value: 16, unit: "kg" } },
      setting: "primary-care",
      observations: [{ code: { system: "http://loinc.org", code: "33914-3" }, value: 80, unit: "mL/min/{1.73_m2}", time: "2026-10-01" }],
    };
    expect(givenLines(context, [ng109])).toEqual(["sex male", "weight 16 kg", "setting primary-care", "egfr 80 mL/min/1.73m2 on 2026-10-01"]);
  });

  test("a fact no phrase can state, or that the guideline does not read, becomes a comment, so the scenario still compiles", () => {
    const context: PatientContextInput = {
      patient: {},
      setting: "primary-care",
      diagnoses: [{ code: { system: "urn:example:local", code: "X1" } }],
      observations: [{ code: { system: "http://loinc.org", code: "2160-0" }, value: 90, unit: "umol/L", time: "2026-10-01" }],
      findings: [{ finding: "not-a-finding-of-ng109", present: true }],
    };
    const lines = givenLines(context, [ng109]);
    expect(lines.filter((l) => l.startsWith("#"))).toEqual([
      "# diagnosis urn:example:local X1 (a code system scenarios cannot name)",
      "# observation 2160-0 = 90 umol/L (not one the guidelines read)",
      "# finding not-a-finding-of-ng109 present (not one the guidelines read)",
    ]);
    const compiled = compileScenarios(loadProgram([FILE], repoHost({ [FILE]: testFile("comments", context) })), FILE);
    expect(isLeft(compiled)).toBe(false);
  });

  test("a finding the guideline reads is written as a fact, present or absent", () => {
    const context: PatientContextInput = { patient: {}, setting: "primary-care", findings: [{ finding: "symptoms-improving", present: false }] };
    expect(givenLines(context, [ng109])).toEqual(["setting primary-care", "not symptoms-improving"]);
  });

  test("the scenario has a title, a time, the given lines and an expect block to fill in", () => {
    const [, context] = examples[0]!;
    const text = toScenario('a "quoted" title', context, NOW, [ng109]);
    expect(text.split("\n").slice(0, 3)).toEqual(['scenario "a \\"quoted\\" title" {', `  at ${NOW}`, "  given {"]);
    expect(text.endsWith("  expect {\n    # what should happen?\n  }\n}")).toBe(true);
  });
});
