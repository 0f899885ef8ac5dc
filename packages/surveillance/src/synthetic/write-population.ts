/**
 * A synthetic population written to disk: `contexts.ndjson` (one patient a line, as `steward audit
 * --contexts` reads it), `fhir/` (a FHIR Bulk Data export: one NDJSON file per resource type and a
 * manifest), `fhir-mappings.json` (the mapping rows for the drugs the formulary gives no dm+d code)
 * and `planted.ndjson` (what the audit must find for every course).
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "@steward/core";
import { left, right, type Either } from "fp-ts/lib/Either.js";
import { population, syntheticFhirMappings, syntheticSites, type PopulationOptions } from "./population.js";

/** The resource types a synthetic export holds (a type with no resource for a patient means none). */
export const syntheticExportTypes = ["AllergyIntolerance", "Condition", "DiagnosticReport", "Encounter", "MedicationRequest", "Observation", "Organization", "Patient"] as const;

/** What was written. */
export interface WrittenPopulation {
  readonly patients: number;
  readonly courses: number;
  readonly asOf: string;
  /** The files written; `fhir` (the Bulk Data directory) is null when it was left out. */
  readonly files: { readonly contexts: string; readonly fhir: string | null; readonly mappings: string; readonly planted: string };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

/** Writes the population `options` describe into `dir`; `fhir: false` leaves the Bulk Data export out (it is about three times the size). */
export async function writePopulation(dir: string, options: PopulationOptions & { readonly fhir?: boolean }): Promise<Either<readonly Diagnostic[], WrittenPopulation>> {
  const made = population(options);
  if (made._tag === "Left") return left(made.left);
  const fhirDir = join(dir, "fhir");
  mkdirSync(options.fhir === false ? dir : fhirDir, { recursive: true });
  const files = { contexts: join(dir, "contexts.ndjson"), fhir: options.fhir === false ? null : fhirDir, mappings: join(dir, "fhir-mappings.json"), planted: join(dir, "planted.ndjson") };
  const contexts = createWriteStream(files.contexts);
  const planted = createWriteStream(files.planted);
  const withFhir = options.fhir ?? true;
  const byType = new Map(withFhir ? syntheticExportTypes.map((t) => [t as string, createWriteStream(join(fhirDir, `${t}.ndjson`))]) : []);
  let courses = 0;
  for (const p of made.right.patients()) {
    await write(contexts, `${JSON.stringify({ key: p.key, site: p.site, context: p.context })}\n`);
    if (withFhir) for (const r of p.resources) await write(byType.get(String(r["resourceType"]))!, `${JSON.stringify(r)}\n`);
    for (const o of p.planted) await write(planted, `${JSON.stringify(o)}\n`);
    courses += p.planted.length;
  }
  const organizations = byType.get("Organization");
  if (organizations !== undefined) for (const s of syntheticSites) await write(organizations, `${JSON.stringify(s.organization)}\n`);
  await Promise.all([contexts, planted, ...byType.values()].map(close));
  writeFileSync(files.mappings, `${JSON.stringify(syntheticFhirMappings(), null, 2)}\n`);
  if (!withFhir) return right({ patients: options.patients, courses, asOf: made.right.asOf, files });
  const manifest = {
    transactionTime: made.right.asOf,
    request: `https://steward.dev/synthetic/fhir/$export?_type=${syntheticExportTypes.join(",")}`,
    requiresAccessToken: false,
    output: syntheticExportTypes.map((type) => ({ type, url: `${type}.ndjson` })),
    error: [],
  };
  writeFileSync(join(fhirDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return right({ patients: options.patients, courses, asOf: made.right.asOf, files });
}
