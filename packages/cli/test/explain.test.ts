import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Explanation } from "@steward/core";
import { validateDecision } from "@steward/json";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, repoRoot, tempDir } from "./temp-dir.js";

const NOW = "2026-11-25T09:00:00Z";
const patientsDir = join(repoRoot, "examples/patients");
const patientFiles = readdirSync(patientsDir).filter((f) => f.endsWith(".json")).sort();
const patient = (prefix: string): string => join(patientsDir, patientFiles.find((f) => f.startsWith(prefix))!);

const scratch = tempDir();
afterAll(() => scratch.remove());

function explain(...args: string[]) {
  return run(["explain", "--guidelines", guidelinesDir, ...args]);
}

/** Every string a condition trace saw, at any depth. */
function seenValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(seenValues);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "seen" && Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : seenValues(v)));
}

describe("steward explain", () => {
  test("for the woman with eGFR 80 the rule that fired is FIRED with each condition and the value it saw", async () => {
    const result = await explain("--patient", patient("01-"), "--now", NOW);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    const lines = result.stdout.split("\n");
    expect(lines).toContain("  FIRED     non-pregnant-women — NICE NG109, recommendations on managing lower UTI in non-pregnant women; table 1");
    expect(lines).toContain("        ✓ sex is female   [sex = female]");
    expect(lines).toContain("        ✓ age >= 16 years   [age = 30 years]");
    expect(lines).toContain("        ✓ not pregnant   [pregnant = no]");
    expect(lines).toContain("      offered  first choice nitrofurantoin");
    expect(lines).toContain("      offered  first choice trimethoprim");
  });

  test("rules that did not fire are listed as not fired with the condition that failed", async () => {
    const result = await explain("--patient", patient("01-"), "--now", NOW);
    const lines = result.stdout.split("\n");
    expect(lines).toContain("  not fired men — NICE NG109, recommendations on managing lower UTI in men; table 3");
    expect(lines).toContain("        ✗ sex is male   [sex = female]");
    expect(lines.filter((l) => l.startsWith("  not fired ")).length).toBeGreaterThan(1);
  });

  test("with eGFR 40 the excluded nitrofurantoin shows the eGFR value that excluded it", async () => {
    const result = await explain("--patient", patient("02-"), "--now", NOW);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`      excluded first choice nitrofurantoin — Nitrofurantoin with an eGFR below 45 mL/min/1.73m2: NICE recommends it only if the eGFR is 45 or more: egfr < 45 mL/min/1.73m2 (egfr = 40 mL/min/1.73m2 on 2026-10-01) [NICE NG109, tables 1 to 4: nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more; Lothian Joint Formulary, nitrofurantoin: avoid if eGFR is below 45 mL/min/1.73m2]`);
  });

  test("with pregnancy not recorded the pregnancy rules are UNKNOWN and say which data would decide them", async () => {
    const result = await explain("--patient", patient("13-"), "--now", NOW);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines).toContain("  UNKNOWN   non-pregnant-women — NICE NG109, recommendations on managing lower UTI in non-pregnant women; table 1");
    expect(lines).toContain("  UNKNOWN   pregnant-women — NICE NG109, recommendations on managing lower UTI in pregnant women; table 2");
    expect(lines).toContain("        ? not pregnant   [pregnant is not recorded]");
    expect(lines).toContain("      would be decided by: pregnancy status");
  });

  test("with no eGFR the nitrofurantoin option is withheld rather than offered or excluded", async () => {
    const result = await explain("--patient", patient("03-"), "--now", NOW);
    expect(result.stdout).toMatch(/^ {6}withheld first choice nitrofurantoin — /m);
  });

  test("--format json prints the explanation: the decision and each condition's values, including egfr = 80", async () => {
    const result = await explain("--patient", patient("01-"), "--now", NOW, "--format", "json");
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    const explanation = JSON.parse(result.stdout) as Explanation;
    expect(validateDecision(explanation.decision)._tag).toBe("Right");
    const rule = explanation.guidelines.find((g) => g.id === "ng109-lower-uti")!.rules.find((r) => r.rule === "non-pregnant-women")!;
    expect(rule.status).toBe("fired");
    expect(seenValues(rule.options)).toContain("egfr = 80 mL/min/1.73m2 on 2026-10-01");
  });

  test("units are normalised as for eval: temperatures sent in [degF] are traced in °C", async () => {
    const context = JSON.parse(readFileSync(patient("21-"), "utf8")) as { observations: { value: number; unit: string }[] };
    const fahrenheit = { ...context, observations: context.observations.map((o) => (o.unit === "Cel" ? { ...o, value: Number(((o.value * 9) / 5 + 32).toFixed(2)), unit: "[degF]" } : o)) };
    const file = scratch.write("fahrenheit.json", JSON.stringify(fahrenheit));
    const result = await explain("--patient", file, "--now", NOW, "--format", "json");
    expect(result.exitCode).toBe(0);
    expect(seenValues(JSON.parse(result.stdout))).toEqual(expect.arrayContaining(["lowest temperature = 36.8 °C", "highest temperature = 37.8 °C"]));
  });

  test("a directory of patients prints one explanation per patient file", async () => {
    const result = await explain("--patient", patientsDir, "--now", NOW);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.match(/^Patient: /gm)).toHaveLength(patientFiles.length);
  });

  test("the same --now gives byte-identical output on a second run", async () => {
    const first = await explain("--patient", patientsDir, "--now", NOW);
    expect(await explain("--patient", patientsDir, "--now", NOW)).toEqual(first);
  });

  test("a patient file with a value of the wrong type exits 2 and names the field", async () => {
    const file = scratch.write("wrong-type.json", readFileSync(patient("01-"), "utf8").replace('"birthDate": "1996-05-14"', '"age": "abc"'));
    const result = await explain("--patient", file, "--now", NOW);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error[eval/invalid-context]: /patient/age: expected a number, got "abc"');
  });

  test("a patient file that is not JSON exits 2 and says where", async () => {
    const file = scratch.write("broken.json", '{"setting": }');
    const result = await explain("--patient", file, "--now", NOW);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error[json/invalid-json]: the patient context is not valid JSON at line 1, column 13");
  });

  test.each([
    ["without --patient", ["explain", "--guidelines", guidelinesDir]],
    ["without --guidelines", ["explain", "--patient", patientsDir]],
    ["with an unknown flag", ["explain", "--guidelines", guidelinesDir, "--patient", patientsDir, "--why"]],
    ["with a path that does not exist", ["explain", "--guidelines", guidelinesDir, "--patient", join(repoRoot, "examples/none.json")]],
  ])("%s it exits 2 with the explain usage", async (_, args) => {
    const result = await run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Usage: steward explain --guidelines <path> (--patient <file|dir|-> | --fhir <file|dir|->) [options]");
  });
});
