import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, tempDir } from "./temp-dir.js";

const dir = tempDir();
afterAll(() => dir.remove());

/** A valid guideline with uneven indents, spaces and blank lines, and a closing brace on a field line. */
const messy = `guideline   messy {
title "Messy"
      version 1.0.0
  status draft
  settings primary-care,community-pharmacy
  owner "AMS"
  approved 2025-01-31
  review-by 2027-01-31 }
source nice { title "NICE" }


finding   fever   "Fever"
rule r {
cite nice "1.1"
     when fever and age >=   16 years
  strategy immediate }
`;

const canonical = `guideline messy {
  title "Messy"
  version 1.0.0
  status draft
  settings primary-care, community-pharmacy
  owner "AMS"
  approved 2025-01-31
  review-by 2027-01-31
}
source nice {
  title "NICE"
}

finding fever "Fever"
rule r {
  cite nice "1.1"
  when fever and age >= 16 years
  strategy immediate
}
`;

describe("steward fmt", () => {
  test("--check flags a badly laid-out file, fmt rewrites it, and --check then passes", async () => {
    const file = dir.write("messy.stw", messy);

    const before = await run(["fmt", "--check", file]);
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toContain(`${file}: not formatted`);
    expect(readFileSync(file, "utf8")).toBe(messy);

    const rewrite = await run(["fmt", file]);
    expect(rewrite.exitCode).toBe(0);
    expect(rewrite.stdout).toContain(`${file}: formatted`);
    expect(readFileSync(file, "utf8")).toBe(canonical);

    const after = await run(["fmt", "--check", file]);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).not.toContain("not formatted");
  });

  test("fmt refuses a file with a syntax error and leaves it byte-identical", async () => {
    const broken = messy.replace("when fever and age >=   16 years", "when fever and age >=");
    const file = dir.write("broken.stw", broken);
    const bytes = readFileSync(file);

    const result = await run(["fmt", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error[parse/missing-token]");
    expect(result.stderr).toContain(`${file}: not formatted, it has syntax errors`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  test("the committed guidelines are already formatted", async () => {
    const result = await run(["fmt", "--check", guidelinesDir]);
    expect(result.stdout).toContain("0 to format, 0 with syntax errors");
    expect(result.exitCode).toBe(0);
  });
});
