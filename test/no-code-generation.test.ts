/**
 * A page with a Content-Security-Policy without 'unsafe-eval' forbids generating code from strings,
 * and reports each attempt even when the library catches the error. Loading and running the
 * evaluator must never try. (The browser example's test checks the same in Chromium.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compileText } from "@steward/dsl";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { conformanceRoot } from "./support/conformance.js";

const repoRoot = resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "steward-no-codegen-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A small FHIR record of its own, so the FHIR adapter is exercised even where the conformance corpus is absent. */
const womanWithCystitis = [
  { resourceType: "Patient", id: "p", birthDate: "1996-05-14", gender: "female" },
  { resourceType: "Condition", id: "c", subject: { reference: "Patient/p" }, clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] }, code: { coding: [{ system: "http://snomed.info/sct", code: "38822007" }] }, recordedDate: "2026-11-25" },
  { resourceType: "Observation", id: "egfr", status: "final", subject: { reference: "Patient/p" }, code: { coding: [{ system: "http://loinc.org", code: "33914-3" }] }, effectiveDateTime: "2026-10-01", valueQuantity: { value: 80, system: "http://unitsofmeasure.org", code: "mL/min/{1.73_m2}" } },
];

describe("@steward/core, @steward/json and @steward/fhir", () => {
  test("load, validate, read FHIR, evaluate, explain and write FHIR without generating code from strings", () => {
    const file = join(repoRoot, "guidelines/ng109-lower-uti/ng109.stw");
    const ir = compileText(readFileSync(file, "utf8"), file, { read: (path) => readFileSync(path, "utf8") });
    if (ir._tag === "Left") throw new Error("NG109 does not compile");
    const irFile = join(scratch, "ng109.ir.json");
    writeFileSync(irFile, JSON.stringify(ir.right));
    const patients = readdirSync(join(repoRoot, "examples/patients")).filter((f) => f.endsWith(".json")).map((f) => join(repoRoot, "examples/patients", f));
    const ownRecord = join(scratch, "woman-with-cystitis.fhir.json");
    writeFileSync(ownRecord, JSON.stringify(womanWithCystitis));
    const corpus = conformanceRoot === undefined ? [] : ["uk-core/examples-json/UKCore-Bundle-NEWS2Observations-Example.json", "synthea/Reginald_Auer_d46fae79-67eb-4721-a300-238c8eb943eb.json"].map((f) => join(conformanceRoot!, f));
    const records = [ownRecord, ...corpus];
    const probe = join(repoRoot, "test/support/code-generation-probe.ts");
    const result = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--conditions=@steward/source", "--import", "tsx", probe, irFile, ...patients, "--fhir", ...records], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { attempts, decisions, bundles } = JSON.parse(result.stdout) as { attempts: string[]; decisions: number; bundles: number };
    expect(attempts).toEqual([]);
    expect(decisions).toBeGreaterThan(10);
    expect(bundles).toBe(records.length);
  }, 60_000);
});
