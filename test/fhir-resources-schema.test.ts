// Every resource toFhir writes validates against the HL7 FHIR R4 JSON Schema of the conformance
// corpus: for the Decision of every example patient, of the treatment rows of the FHIR writer's
// fixture, and of patients generated at random around the bundled guidelines' thresholds.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, type Decision, type PatientContextInput } from "@steward/core";
import { toFhir } from "@steward/fhir";
import { patientContext } from "@steward/testing/arbitraries";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { conformanceRoot, corpusNote, repoRoot } from "./support/conformance.js";
import { loadFhirSchema, type FhirSchema } from "./support/fhir-schema.js";
import { bundledGuidelines, compileGuideline, evaluatorOf } from "./support/guidelines.js";

const NOW = "2026-11-25T09:00:00Z";
const guidelines = bundledGuidelines();
const evaluator = evaluatorOf(guidelines);
const examples = readdirSync(join(repoRoot, "examples/patients")).filter((f) => f.endsWith(".json")).sort();

function decide(context: unknown): Decision {
  const result = evaluate(evaluator, context, { now: NOW });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

describe.skipIf(conformanceRoot === undefined)(`resources written from Decisions, against the FHIR R4 JSON Schema${corpusNote}`, () => {
  let schema: FhirSchema;
  beforeAll(() => {
    schema = loadFhirSchema();
  }, 120_000);

  /** The schema's complaints about each resource of the Bundle, and about the Bundle itself. */
  function problems(decision: Decision, context: PatientContextInput, written = guidelines): string[] {
    const bundle = toFhir(decision, { patient: { reference: "Patient/p1" }, guidelines: written, context });
    const own = bundle.entry!.flatMap((e) => schema.errors(e.resource!).map((m) => `${e.resource!.resourceType}${m}`));
    return schema.valid(bundle) ? own : [...own, "the Bundle does not validate"];
  }

  test.each(examples)("the Decision for %s", (file) => {
    const context = JSON.parse(readFileSync(join(repoRoot, "examples/patients", file), "utf8")) as PatientContextInput;
    expect(problems(decide(context), context)).toEqual([]);
  });

  test("the Decisions for the FHIR writer's fixture rows: combinations, dose ranges, a choice of frequency, courses as ranges, a dose on day 1", () => {
    const file = "packages/fhir/test/fixtures/regimens.stw";
    const fixture = compileGuideline(readFileSync(join(repoRoot, file), "utf8"), file);
    const rows = evaluatorOf([fixture]);
    for (const code of ["385093006", "363746003", "36689008", "10509002", "15805002"]) {
      const context: PatientContextInput = { setting: "primary-care", patient: { age: 40, sex: "male" }, diagnoses: [{ code: { system: "http://snomed.info/sct", code } }], allergies: [] };
      const result = evaluate(rows, context, { now: NOW });
      if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
      expect(result.right.treatments.length, code).toBeGreaterThan(0);
      expect(problems(result.right, context, [fixture]), code).toEqual([]);
    }
  });

  test("resources of every kind were checked: proposals, detected issues, referrals, tasks, leaflets and the audit event", () => {
    const kinds = new Set(examples.flatMap((file) => {
      const context = JSON.parse(readFileSync(join(repoRoot, "examples/patients", file), "utf8")) as PatientContextInput;
      return toFhir(decide(context), { patient: { reference: "Patient/p1" }, guidelines, context }).entry!.map((e) => e.resource!.resourceType);
    }));
    expect([...kinds].sort()).toEqual(["AuditEvent", "CommunicationRequest", "DetectedIssue", "MedicationRequest", "ServiceRequest", "Task"]);
  });

  test("the Decisions of patients generated around the guidelines' thresholds", () => {
    let written = 0;
    fc.assert(
      fc.property(patientContext({ now: NOW, guidelines }), (context) => {
        const result = evaluate(evaluator, context, { now: NOW });
        if (result._tag === "Left") return;
        written++;
        expect(problems(result.right, context)).toEqual([]);
      }),
      { numRuns: 200 },
    );
    expect(written).toBeGreaterThan(150);
  });
});
