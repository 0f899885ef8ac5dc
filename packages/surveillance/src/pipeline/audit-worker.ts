/**
 * The audit's worker thread (run by piscina): prepares the guidelines once, then audits batches of
 * records — parse, read the patient's history, one row per course — and returns the rows as NDJSON
 * text, with the records it could not read and the time it spent.
 */
import { workerData } from "node:worker_threads";
import type { AlertPolicy, GuidelineIR, vocabulary } from "@steward/core";
import type { FhirMappings } from "@steward/fhir";
import { parseJson } from "@steward/json";
import { auditPatient } from "../audit.js";
import { prepareAudit } from "../auditor.js";
import { fhirHistory } from "../fhir-history.js";
import { contextHistory, type PatientHistory } from "../patient-history.js";
import type { ContextRecord, FhirRecord, InputRecord, RecordProblem } from "./input-record.js";
import { patientKey, patientSite, type KeySource } from "./patient-keys.js";

/** What every worker is started with. */
export interface AuditWorkerData {
  readonly guidelines: readonly GuidelineIR[];
  readonly asOf: string;
  readonly alertPolicy?: Partial<AlertPolicy>;
  readonly maxIvosMoments?: number;
  readonly defaultSetting?: vocabulary.CareSetting;
  readonly mappings?: Partial<FhirMappings>;
  readonly key?: KeySource;
}

/** What a worker returns for a batch. */
export interface AuditBatchResult {
  /** The rows, one JSON object a line, in the order of the records. */
  readonly rows: string;
  readonly rowCount: number;
  readonly problems: readonly RecordProblem[];
  /** Milliseconds the worker spent on the batch. */
  readonly busyMs: number;
}

const data = workerData as AuditWorkerData;
// invariant: the pool checked the guidelines with prepareAudit before starting any worker
const prepared = prepareAudit(data.guidelines);
const auditor = prepared._tag === "Right" ? prepared.right : undefined;
const options = { asOf: data.asOf, ...(data.alertPolicy === undefined ? {} : { alertPolicy: data.alertPolicy }), ...(data.maxIvosMoments === undefined ? {} : { maxIvosMoments: data.maxIvosMoments }) };

type Resource = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function problem(record: InputRecord, code: string, message: string): RecordProblem {
  return { file: record.file, line: record.line, code, message };
}

function contextRecord(record: ContextRecord): PatientHistory | RecordProblem {
  const parsed = parseJson(record.text, "the line");
  if (parsed._tag === "Left") return problem(record, "json/invalid-json", parsed.left[0]!.message);
  const value = parsed.right;
  if (!isObject(value)) return problem(record, "audit/invalid-record", "the line is not a JSON object with `key` and `context`");
  const { key, site, context } = value;
  if (typeof key !== "string" || key === "") return problem(record, "audit/invalid-record", "`key` (the patient's pseudonymous key) must be a non-empty string");
  if (site !== undefined && site !== null && typeof site !== "string") return problem(record, "audit/invalid-record", "`site` must be a string or null");
  const history = contextHistory(key, site ?? null, context);
  if (history._tag === "Left") return problem(record, "audit/invalid-record", `/context${history.left[0]!.message}`);
  return history.right;
}

/** The resources of a Bundle (nested Bundles opened), an array, or a single resource. */
function flatten(value: unknown, out: Resource[]): void {
  if (Array.isArray(value)) value.forEach((v) => flatten(v, out));
  else if (isObject(value) && value["resourceType"] === "Bundle") for (const e of Array.isArray(value["entry"]) ? value["entry"] : []) flatten(isObject(e) ? e["resource"] : undefined, out);
  else if (isObject(value)) out.push(value);
}

function fhirRecord(record: FhirRecord): PatientHistory | RecordProblem {
  const resources: Resource[] = [];
  for (const text of record.texts) {
    const parsed = parseJson(text, "the file");
    if (parsed._tag === "Left") return problem(record, "json/invalid-json", parsed.left[0]!.message);
    flatten(parsed.right, resources);
  }
  const patient = resources.find((r) => r["resourceType"] === "Patient");
  if (data.key === undefined) return problem(record, "audit/invalid-record", "no way to make a FHIR patient's pseudonymous key was given");
  const key = patientKey(patient, data.key);
  if ("problem" in key) return problem(record, "audit/invalid-record", key.problem);
  const history = fhirHistory(
    { key: key.key, site: patientSite(patient, resources), resources, exportedTypes: record.exportedTypes },
    { asOf: data.asOf, ...(data.defaultSetting === undefined ? {} : { defaultSetting: data.defaultSetting }), ...(data.mappings === undefined ? {} : { mappings: data.mappings }) },
  );
  if (history._tag === "Left") {
    const first = history.left.find((d) => d.severity === "error") ?? history.left[0]!;
    return problem(record, "audit/invalid-record", `${first.code}: ${first.message}`);
  }
  return history.right;
}

/** Audits a batch of records. */
export function auditBatch(records: readonly InputRecord[]): AuditBatchResult {
  const started = performance.now();
  const lines: string[] = [];
  const problems: RecordProblem[] = [];
  for (const record of records) {
    const read = record.kind === "context" ? contextRecord(record) : fhirRecord(record);
    if ("code" in read) {
      problems.push(read);
      continue;
    }
    for (const row of auditPatient(auditor!, read, options)) lines.push(JSON.stringify(row));
  }
  return { rows: lines.length === 0 ? "" : `${lines.join("\n")}\n`, rowCount: lines.length, problems, busyMs: performance.now() - started };
}
