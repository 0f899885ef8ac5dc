/**
 * The audit's inputs, read as a stream of patients' records: Steward contexts NDJSON (a file or
 * standard input, one patient a line), a directory of FHIR bundles (one patient a file), or a FHIR
 * Bulk Data export (a directory of NDJSON files, one resource a line, grouped here by patient).
 * A line that is not JSON is reported with its file and line, and reading goes on.
 */
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { ContextRecord, FhirRecord, RecordProblem } from "./input-record.js";

/** Each non-blank line of Steward contexts NDJSON, with its line number. */
export async function* readContexts(stream: Readable, file: string): AsyncGenerator<ContextRecord> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() !== "") yield { kind: "context", file, line, text };
  }
}

/** Each `*.json` file of a directory, in name order, as one patient's FHIR record. */
export async function* readBundles(dir: string): AsyncGenerator<FhirRecord> {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "manifest.json").sort()) {
    const file = join(dir, name);
    yield { kind: "fhir", file, line: null, texts: [readFileSync(file, "utf8")], exportedTypes: [] };
  }
}

/** True when `dir` looks like a Bulk Data export: a manifest, or NDJSON files. */
export function isBulkData(dir: string): boolean {
  return readdirSync(dir).some((f) => f === "manifest.json" || f.endsWith(".ndjson"));
}

/** The NDJSON files of an export and the resource types it holds completely (the manifest's `_type`, else the files'). */
function exportContents(dir: string): { files: string[]; types: string[] } {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ndjson")).sort();
  const typeOf = (f: string): string => f.split(".")[0]!;
  let types = [...new Set(files.map(typeOf))];
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { request?: unknown };
    const requested = typeof manifest.request === "string" ? new URL(manifest.request, "http://export/").searchParams.get("_type") : null;
    if (requested !== null) types = [...new Set([...types, ...requested.split(",").map((t) => t.trim()).filter((t) => t !== "")])];
  } catch {
    // no manifest (or not one we can read): the files present say what was exported
  }
  return { files, types: types.sort() };
}

/** The patient a resource is about: the Patient itself, or its `subject` / `patient` reference. */
function patientOf(resource: Record<string, unknown>): string | undefined {
  if (resource["resourceType"] === "Patient") return typeof resource["id"] === "string" ? resource["id"] : undefined;
  for (const field of ["subject", "patient"]) {
    const reference = (resource[field] as { reference?: unknown } | undefined)?.reference;
    if (typeof reference === "string") {
      const parts = reference.split("/");
      if (parts[parts.length - 2] === "Patient") return parts[parts.length - 1];
    }
  }
  return undefined;
}

const referencePattern = /"reference"\s*:\s*"(?:[^"]*\/)?([A-Z][A-Za-z]+\/[^"/]+)"/g;

/**
 * A Bulk Data export, one patient at a time (in the order of the Patient files), each with the
 * resources about them and those they refer to that are about nobody (a Medication, an
 * Organization). The export is held in memory while it is grouped.
 */
export async function* readBulkData(dir: string, report: (problem: RecordProblem) => void): AsyncGenerator<FhirRecord> {
  const { files, types } = exportContents(dir);
  const byPatient = new Map<string, string[]>();
  const shared = new Map<string, string>();
  const patientOrder: string[] = [];
  const ordered = [...files.filter((f) => f.startsWith("Patient.")), ...files.filter((f) => !f.startsWith("Patient."))];
  for (const name of ordered) {
    const file = join(dir, name);
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === "") continue;
      let resource: unknown;
      try {
        resource = JSON.parse(text);
      } catch (e) {
        report({ file, line, code: "json/invalid-json", message: `the line is not valid JSON: ${(e as Error).message}` });
        continue;
      }
      if (typeof resource !== "object" || resource === null || Array.isArray(resource) || typeof (resource as { resourceType?: unknown }).resourceType !== "string") {
        report({ file, line, code: "audit/invalid-record", message: "the line is not a FHIR resource (no `resourceType`)" });
        continue;
      }
      const r = resource as Record<string, unknown>;
      const patient = patientOf(r);
      if (patient === undefined) {
        if (typeof r["id"] === "string") shared.set(`${String(r["resourceType"])}/${r["id"]}`, text);
        continue;
      }
      let texts = byPatient.get(patient);
      if (texts === undefined) {
        texts = [];
        byPatient.set(patient, texts);
        patientOrder.push(patient);
      }
      texts.push(text);
    }
  }
  for (const patient of patientOrder) {
    const texts = byPatient.get(patient)!;
    const referred = new Set<string>();
    for (const text of texts) for (const m of text.matchAll(referencePattern)) if (shared.has(m[1]!)) referred.add(m[1]!);
    yield { kind: "fhir", file: `${dir} (Patient/${patient})`, line: null, texts: [...texts, ...[...referred].sort().map((k) => shared.get(k)!)], exportedTypes: types };
  }
}
