/**
 * The shared conformance corpus (real FHIR R4, UK Core, Synthea and CDS Hooks data written by
 * others), read in place from `<repository root>/../shared/conformance`. Where it is absent the
 * tests that need it are skipped and say so in their titles.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, "../..");

/** The corpus folder, or undefined when this checkout has none beside it. */
export const conformanceRoot: string | undefined = ((): string | undefined => {
  const path = resolve(repoRoot, "../shared/conformance");
  return existsSync(join(path, "README.md")) ? path : undefined;
})();

/** Appended to the title of a suite that needs the corpus, so a skip is visible. */
export const corpusNote = conformanceRoot === undefined ? " — SKIPPED: ../shared/conformance is not beside this checkout" : "";

/** A corpus file parsed as JSON. */
export function corpusJson(path: string): unknown {
  if (conformanceRoot === undefined) throw new Error("the conformance corpus is absent");
  return JSON.parse(readFileSync(join(conformanceRoot, path), "utf8")) as unknown;
}

/** The JSON files of a corpus folder, as paths relative to the corpus, sorted. */
export function corpusFiles(folder: string): string[] {
  if (conformanceRoot === undefined) return [];
  return readdirSync(join(conformanceRoot, folder))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `${folder}/${f}`);
}
