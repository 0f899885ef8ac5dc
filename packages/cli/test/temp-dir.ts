/** Scratch directories in the system temp dir, so CLI tests never write inside the repository. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository root, where the tests run from. */
export const repoRoot = resolve(import.meta.dirname, "../../..");

/** The committed guidelines, which must check, compile and format cleanly. */
export const guidelinesDir = join(repoRoot, "guidelines");

/** A fresh empty directory; `remove` deletes it and everything in it. */
export function tempDir(): { readonly path: string; readonly write: (name: string, text: string) => string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "steward-cli-"));
  return {
    path,
    write: (name, text) => {
      const file = join(path, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A valid guideline header, lines 1–9 of the sample files. */
const header = `guideline sample {
  title "Sample"
  version 1.0.0
  status draft
  settings primary-care
  owner "AMS"
  approved 2025-01-31
  review-by 2027-01-31
}
`;

/** A small guideline with no problems. */
export const validGuideline = `${header}
source nice {
  title "NICE"
}

observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

drug nitrofurantoin "Nitrofurantoin" {
  routes oral
}

rule renal {
  cite nice "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 100 mg oral twice daily for 3 days
}
`;

/** The valid guideline with one warning (a repeated code, line 18) and one error (eGFR compared with a mass, line 27). */
export const guidelineWithErrors = validGuideline
  .replace('loinc 33914-3 "eGFR (MDRD)"', 'loinc 33914-3 "eGFR (MDRD)"\n  loinc 33914-3 "eGFR again"')
  .replace("when egfr >= 45 mL/min/1.73m2", "when egfr >= 45 mg");
