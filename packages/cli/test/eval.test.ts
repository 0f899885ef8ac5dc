import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { DecisionSchema } from "@steward/core";
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

function steward(...args: string[]) {
  return run(["eval", "--guidelines", guidelinesDir, ...args]);
}

/** The text printed for each patient, by file name. */
function byPatient(stdout: string): Map<string, string> {
  const blocks = stdout.split(`${"=".repeat(100)}\nPatient: `).slice(1);
  return new Map(blocks.map((b) => [b.slice(0, b.indexOf("\n")).split("/").pop()!, b]));
}

/** The lines of one section of a printed decision, up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(title);
  if (start < 0) return [];
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe("steward eval on the example patients", async () => {
  const all = await steward("--patient", patientsDir, "--now", NOW);
  const decisions = byPatient(all.stdout);

  test("a directory of patients exits 0 and prints one decision per patient file, in name order", async () => {
    expect(all.stderr).toBe("");
    expect(all.exitCode).toBe(0);
    expect(all.stdout.match(/^Patient: /gm)).toHaveLength(patientFiles.length);
    expect([...decisions.keys()]).toEqual(patientFiles);
    for (const text of decisions.values()) expect(text).toContain(`Evaluated at ${NOW}`);
  });

  test("the 30-year-old woman with eGFR 80 is offered nitrofurantoin modified-release first, then trimethoprim, with a back-up prescription", async () => {
    const text = decisions.get(patientFiles.find((f) => f.startsWith("01-"))!)!;
    const options = section(text, "Treatment options");
    const firstChoice = options.slice(options.indexOf("  First choice"), options.indexOf("  Second choice"));
    expect(firstChoice).toContain("    1. Nitrofurantoin 100 mg modified-release oral twice daily for 3 days  (UK-AWaRe access)");
    expect(firstChoice).toContain("    2. Trimethoprim 200 mg oral twice daily for 3 days  (UK-AWaRe access)");
    expect(section(text, "Prescribing strategy")).toContain(
      "  • Back-up (delayed) prescription: Use the back-up prescription if symptoms do not start to improve within 48 hours or get worse at any time",
    );
    expect(section(text, "Not offered")).toEqual([]);
    expect(section(text, "Waiting for data")).toEqual([]);
  });

  test("with eGFR 40, nitrofurantoin is not offered and the reason quotes the eGFR that ruled it out", async () => {
    const text = decisions.get(patientFiles.find((f) => f.startsWith("02-"))!)!;
    expect(section(text, "Not offered")).toContain(`  ✗ Nitrofurantoin (first choice): Nitrofurantoin with an eGFR below 45 mL/min/1.73m2: NICE recommends it only if the eGFR is 45 or more: egfr < 45 mL/min/1.73m2 (egfr = 40 mL/min/1.73m2 on 2026-10-01) [NICE NG109, tables 1 to 4: nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more; Lothian Joint Formulary, nitrofurantoin: avoid if eGFR is below 45 mL/min/1.73m2]`);
    expect(section(text, "Treatment options").some((l) => l.includes("Nitrofurantoin"))).toBe(false);
    expect(section(text, "Treatment options")).toContain("    1. Trimethoprim 200 mg oral twice daily for 3 days  (UK-AWaRe access)");
  });

  test("with no eGFR recorded, nitrofurantoin waits for data and eGFR is listed as missing", async () => {
    const text = decisions.get(patientFiles.find((f) => f.startsWith("03-"))!)!;
    const waiting = section(text, "Waiting for data");
    expect(waiting.some((l) => l.startsWith("  ? Nitrofurantoin (first choice): ") && l.endsWith(" — needs Estimated glomerular filtration rate"))).toBe(true);
    const missing = section(text, "Missing data that would change this decision");
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^ {2}• Estimated glomerular filtration rate — to recommend nitrofurantoin \(first choice, rule non-pregnant-women\)/);
    expect(section(text, "Not offered")).toEqual([]);
    expect(section(text, "Treatment options").some((l) => l.includes("Nitrofurantoin"))).toBe(false);
  });

  test("the same --now gives byte-identical output on a second run, as text and as JSON", async () => {
    expect(await steward("--patient", patientsDir, "--now", NOW)).toEqual(all);
    const json = await steward("--patient", patientsDir, "--now", NOW, "--format", "json");
    expect(await steward("--patient", patientsDir, "--now", NOW, "--format", "json")).toEqual(json);
  });

  test("--now sets the evaluation time", async () => {
    const result = await steward("--patient", patient("01-"), "--now", "2027-01-02T03:04:05Z");
    expect(result.stdout).toContain("Evaluated at 2027-01-02T03:04:05Z");
  });
});

describe("steward eval --format json", () => {
  test("for one patient file it prints a Decision that matches the published schema", async () => {
    const result = await steward("--patient", patient("01-"), "--now", NOW, "--format", "json");
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    const decision = JSON.parse(result.stdout) as unknown;
    expect(validateDecision(decision)).toEqual({ _tag: "Right", right: decision });
    expect(DecisionSchema.safeParse(decision).success).toBe(true);
    expect(decision).toMatchObject({ evaluatedAt: NOW, treatments: expect.arrayContaining([expect.objectContaining({ rank: "first", drug: expect.objectContaining({ id: "nitrofurantoin" }) })]) });
  });

  test("for a directory it prints { patients: [...] }, one valid Decision per patient file", async () => {
    const result = await steward("--patient", patientsDir, "--now", NOW, "--format", "json");
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    const printed = JSON.parse(result.stdout) as { patients: { patient: string; decision: unknown }[] };
    expect(Object.keys(printed)).toEqual(["patients"]);
    expect(printed.patients.map((p) => p.patient.split("/").pop())).toEqual(patientFiles);
    for (const p of printed.patients) expect(validateDecision(p.decision)._tag).toBe("Right");
  });

  test("a directory holding a single patient file still prints { patients: [...] }", async () => {
    const dir = tempDir();
    try {
      dir.write("only.json", readFileSync(patient("01-"), "utf8"));
      const result = await steward("--patient", dir.path, "--now", NOW, "--format", "json");
      expect(result.exitCode).toBe(0);
      const printed = JSON.parse(result.stdout) as { patients: { patient: string; decision: unknown }[] };
      expect(printed.patients).toHaveLength(1);
      expect(printed.patients[0]!.patient).toMatch(/only\.json$/);
      expect(validateDecision(printed.patients[0]!.decision)._tag).toBe("Right");
    } finally {
      dir.remove();
    }
  });

  test("a single patient file that is rejected prints nothing on stdout, only the diagnostics", async () => {
    const file = scratch.write("json-wrong-type.json", readFileSync(patient("01-"), "utf8").replace('"sex": "female"', '"sex": 1'));
    const result = await steward("--patient", file, "--now", NOW, "--format", "json");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("/patient/sex: ");
  });

  test("a format other than text or json is a usage error", async () => {
    const result = await steward("--patient", patient("01-"), "--now", NOW, "--format", "yaml");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("argument `yaml` is invalid. Allowed choices are text, json, fhir.");
    expect(result.stderr).toContain("Usage: steward eval");
  });
});

describe("steward eval with bad input", () => {
  const good = readFileSync(patient("01-"), "utf8");

  test("a patient file with a value of the wrong type exits 2 and names the field by JSON pointer", async () => {
    const file = scratch.write("wrong-type.json", good.replace('"birthDate": "1996-05-14"', '"age": "abc"'));
    const result = await steward("--patient", file, "--now", NOW);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${file}: error[eval/invalid-context]: /patient/age: expected a number, got "abc"`);
  });

  test("a patient file that is not JSON exits 2 and says where, by line and column", async () => {
    const file = scratch.write("broken.json", '{\n  "setting": "primary-care",\n  "patient": {,\n}\n');
    const result = await steward("--patient", file, "--now", NOW);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${file}: error[json/invalid-json]: the patient context is not valid JSON at line 3, column 15`);
  });

  test("in a directory, one bad patient file makes the exit code 3 while the other decisions are still printed", async () => {
    const dir = tempDir();
    try {
      dir.write("a-good.json", good);
      dir.write("b-bad.json", good.replace('"sex": "female"', '"sex": "woman"'));
      const result = await run(["eval", "--guidelines", guidelinesDir, "--patient", dir.path, "--now", NOW]);
      expect(result.exitCode).toBe(3);
      expect(result.stdout.match(/^Patient: /gm)).toHaveLength(1);
      expect(result.stdout).toContain("a-good.json");
      expect(result.stderr).toContain("b-bad.json: error[eval/invalid-context]: /patient/sex: ");
    } finally {
      dir.remove();
    }
  });

  test("a subdirectory, a dangling link, a FIFO and a file without read permission named *.json are each reported, and the good patient is still evaluated", async () => {
    const dir = tempDir();
    try {
      dir.write("a-good.json", good);
      mkdirSync(join(dir.path, "b-folder.json"));
      symlinkSync(join(dir.path, "nowhere"), join(dir.path, "c-dangling.json"));
      execFileSync("mkfifo", [join(dir.path, "d-fifo.json")]);
      chmodSync(dir.write("e-locked.json", good), 0o000);
      const locked = (() => {
        try {
          readFileSync(join(dir.path, "e-locked.json"));
          return false; // running as root: permissions do not stop reading
        } catch {
          return true;
        }
      })();
      const result = await run(["eval", "--guidelines", guidelinesDir, "--patient", dir.path, "--now", NOW, "--format", "json"]);
      expect(result.exitCode).toBe(3);
      const printed = JSON.parse(result.stdout) as { patients: { patient: string; decision?: unknown; problems?: { message: string }[] }[] };
      expect(printed.patients.map((p) => [p.patient.split("/").pop(), p.decision !== undefined])).toEqual([
        ["a-good.json", true],
        ["b-folder.json", false],
        ["c-dangling.json", false],
        ["d-fifo.json", false],
        ["e-locked.json", !locked],
      ]);
      expect(result.stderr).toContain("b-folder.json: error[io/unreadable]: cannot read the patient file: it is a directory");
      expect(result.stderr).toContain("c-dangling.json: error[io/unreadable]: cannot read the patient file: it does not exist");
      expect(result.stderr).toContain("d-fifo.json: error[io/unreadable]: cannot read the patient file: it is not a regular file");
      if (locked) expect(result.stderr).toContain("e-locked.json: error[io/unreadable]: cannot read the patient file: permission denied");
    } finally {
      dir.remove();
    }
  });

  test("a drug id the formulary does not know exits 2 with its pointer", async () => {
    const file = scratch.write("unknown-drug.json", good.replace('"allergies": []', '"allergies": [{ "drug": "penicilin" }]'));
    const result = await steward("--patient", file, "--now", NOW);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error[eval/unknown-reference]: /allergies/0/drug: `penicilin`");
  });
});

describe("steward eval usage errors exit 2 and print the usage", () => {
  const usage = "Usage: steward eval --guidelines <path> (--patient <file|dir|-> | --fhir <file|dir|->) [options]";

  test.each([
    ["without --patient", ["eval", "--guidelines", guidelinesDir, "--now", NOW]],
    ["without --guidelines", ["eval", "--patient", patientsDir, "--now", NOW]],
    ["with an unknown flag", ["eval", "--guidelines", guidelinesDir, "--patient", patientsDir, "--verbose"]],
    ["with a stray argument", ["eval", "--guidelines", guidelinesDir, "--patient", patientsDir, "extra"]],
    ["with a --patient path that does not exist", ["eval", "--guidelines", guidelinesDir, "--patient", join(repoRoot, "examples/no-such-patient.json")]],
    ["with a --guidelines path that does not exist", ["eval", "--guidelines", join(repoRoot, "no-such-guidelines"), "--patient", patientsDir]],
    ["with a guidelines dir holding no guideline", ["eval", "--guidelines", join(repoRoot, "examples/patients"), "--patient", patientsDir]],
  ])("%s", async (_, args) => {
    const result = await run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^steward eval: /);
    expect(result.stderr).toContain(usage);
  });

  test("a patient directory with no JSON files is a usage error", async () => {
    const dir = tempDir();
    try {
      dir.write("notes.txt", "nothing here");
      const result = await steward("--patient", dir.path, "--now", NOW);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain("no patient files (*.json)");
    } finally {
      dir.remove();
    }
  });

  test("a guidelines directory with a broken rule file exits 2 and points to steward check", async () => {
    const dir = tempDir();
    try {
      cpSync(guidelinesDir, dir.path, { recursive: true });
      const rules = join(dir.path, "ng109-lower-uti/ng109.stw");
      dir.write("ng109-lower-uti/ng109.stw", readFileSync(rules, "utf8").replace(/\brule (\S+) \{/, "rule $1 {\n  when egfr >= 45 mgs"));
      const result = await run(["eval", "--guidelines", dir.path, "--patient", patient("01-"), "--now", NOW]);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`${rules}:`);
      expect(result.stderr).toContain(`steward eval: the guidelines in \`${dir.path}\` have errors; run \`steward check ${dir.path}\``);
    } finally {
      dir.remove();
    }
  });
});
