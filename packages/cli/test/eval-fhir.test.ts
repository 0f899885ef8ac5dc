import { join } from "node:path";
import { validateDecision } from "@steward/json";
import { describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { conformanceRoot, corpusNote } from "../../../test/support/conformance.js";
import { guidelinesDir, repoRoot } from "./temp-dir.js";

const NOW = "2026-11-25T09:00:00Z";
const corpus = (path: string): string => join(conformanceRoot ?? "", path);
const reginald = (): string => corpus("synthea/Reginald_Auer_d46fae79-67eb-4721-a300-238c8eb943eb.json");
const steward = (command: string, ...args: string[]) => run([command, "--guidelines", guidelinesDir, ...args]);

describe.skipIf(conformanceRoot === undefined)(`steward eval and explain on FHIR records${corpusNote}`, () => {
  test("--fhir reads a Synthea bundle at the consultation, with the setting the host gives: NG109's rule for men", () => {
    const result = steward("eval", "--fhir", reginald(), "--setting", "primary-care", "--now", "2003-12-26T15:30:00Z");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("ng109-lower-uti 1.1.0, draft) — rules applied: men, orders-not-recorded");
    expect(result.stdout).toContain("1. Trimethoprim 200 mg oral twice daily for 7 days  (UK-AWaRe access)");
    // What could not be used is said on stderr, each line naming the file, the code, the resource and the field.
    expect(result.stderr).toContain(`${reginald()}: warning[fhir/incomplete-list]: MedicationRequest/f388e528-fa11-4031-8ced-a148b0bb5a1f: its route is not one Steward reads`);
  });

  test("a patient file with a resourceType is read as FHIR without --fhir; with no encounter under way and no --setting it stops, saying how to go on", () => {
    const result = steward("eval", "--patient", reginald(), "--now", "2003-12-26T15:30:00Z");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${reginald()}: error[fhir/no-setting]: the input: the care setting is not known`);
    expect(result.stderr).toContain("= hint: pass `setting` to `fromFhir` (the CLI's `--setting`)");
  });

  test("explain reads FHIR the same way", () => {
    const result = steward("explain", "--fhir", reginald(), "--setting", "primary-care", "--now", "2003-12-26T15:30:00Z");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("FIRED     men");
  });

  test("--format fhir prints the Decision as a FHIR Bundle: proposals about the patient the record names, the alert that his orders are not recorded, and the audit event", () => {
    const result = steward("eval", "--fhir", reginald(), "--setting", "primary-care", "--now", "2003-12-26T15:30:00Z", "--format", "fhir");
    expect(result.exitCode).toBe(0);
    const bundle = JSON.parse(result.stdout) as { resourceType: string; entry: { resource: { resourceType: string; subject?: unknown; medicationCodeableConcept?: { text: string } } }[] };
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(["MedicationRequest", "MedicationRequest", "DetectedIssue", "AuditEvent"]);
    expect(bundle.entry[0]!.resource).toMatchObject({ subject: { reference: "Patient/d4cdc6d2-f3f1-48c0-96d6-b64b68d79eb9" }, medicationCodeableConcept: { text: "Trimethoprim" } });
  });

  test("--format fhir works for plain contexts too, naming the patient by the file", () => {
    const file = join(repoRoot, "examples/patients/01-woman-30-cystitis-egfr-80.json");
    const bundle = JSON.parse(steward("eval", "--patient", file, "--now", NOW, "--format", "fhir").stdout) as { entry: { resource: { subject?: { display?: string } } }[] };
    expect(bundle.entry[0]!.resource.subject).toEqual({ display: file.split("/").slice(-3).join("/") });
  });

  test.each([
    ["Synthea bundles", "synthea", 0, 5],
    ["UK Core examples", "uk-core/examples-json", 0, 39],
    ["HL7 R4 examples (the transaction of five patients is refused)", "fhir-r4/examples", 2, 42],
  ])("every one of the %s is evaluated against every guideline with --fhir <dir>", (_, folder, exitCode, decisions) => {
    const result = steward("eval", "--fhir", corpus(folder), "--setting", "primary-care", "--now", NOW, "--format", "json");
    expect(result.exitCode).toBe(exitCode);
    const printed = JSON.parse(result.stdout) as { patients: { patient: string; decision: unknown }[] };
    expect(printed.patients).toHaveLength(decisions);
    for (const p of printed.patients) expect(validateDecision(p.decision)._tag, p.patient).toBe("Right");
    expect(result.stderr.split("\n").filter((l) => l.includes(": error[")).map((l) => l.slice(corpus(folder).length + 1))).toEqual(
      exitCode === 0 ? [] : [expect.stringMatching(/^Bundle-bundle-transaction\.json: error\[fhir\/ambiguous-patient\]/)],
    );
  });
});

describe("steward eval usage with FHIR", () => {
  test.each([
    ["an unknown --setting", ["eval", "--guidelines", guidelinesDir, "--fhir", repoRoot, "--setting", "ward"], "argument `ward` is invalid. Allowed choices are primary-care, community-pharmacy, urgent-care, emergency-department, inpatient, outpatient."],
    ["both --patient and --fhir", ["eval", "--guidelines", guidelinesDir, "--fhir", repoRoot, "--patient", repoRoot], "option `--patient <path>` cannot be used with option `--fhir <path>`"],
    ["--format fhir for explain", ["explain", "--guidelines", guidelinesDir, "--fhir", repoRoot, "--format", "fhir"], "argument `fhir` is invalid. Allowed choices are text, json."],
  ])("%s is a usage error", (_, args, message) => {
    const result = run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
