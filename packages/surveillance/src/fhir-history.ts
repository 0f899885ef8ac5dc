/**
 * The audit's reading of one patient's resources from a FHIR Bulk Data export. The export holds
 * every resource of each exported type about the patient, so each type is handed to `fromFhir` as
 * a complete search result: a type exported with nothing for this patient means none (an empty
 * allergy search still needs a "no known drug allergy" record, as `fromFhir` asks). The record at a
 * moment is `fromFhir`'s reading at that moment; the order being audited is read as a draft.
 */
import { formatInstant, type Diagnostic, type vocabulary } from "@steward/core";
import { fromFhir, type FhirMappings } from "@steward/fhir";
import { right, type Either } from "fp-ts/lib/Either.js";
import type { CourseRef } from "./record-at.js";
import { validateRecord, writtenCourses, type PatientHistory } from "./patient-history.js";

/** One patient's part of a Bulk Data export. */
export interface FhirPatientRecord {
  /** The pseudonymous key the host supplies for the patient. */
  readonly key: string;
  /** The site the host supplies, or null. */
  readonly site: string | null;
  /** The patient's resources (the Patient, and every resource about them), and the resources they refer to (Medication). */
  readonly resources: readonly Readonly<Record<string, unknown>>[];
  /** The resource types the export holds: for each, the patient's resources are all of them. */
  readonly exportedTypes: readonly string[];
}

/** How to read the export. */
export interface FhirHistoryOptions {
  /** The end of the audit period, a date-time with a zone. */
  readonly asOf: string;
  /** The care setting of a record whose encounter does not say one (an export from a GP practice: `primary-care`). */
  readonly defaultSetting?: vocabulary.CareSetting;
  /** Mapping tables to use instead of `fromFhir`'s defaults. */
  readonly mappings?: Partial<FhirMappings>;
}

/** The patient's resources as `fromFhir` input: one complete search result per exported type, with `draft` (a MedicationRequest id) read as a draft. */
function asSearchResults(record: FhirPatientRecord, draft: string | undefined): unknown {
  const patient = record.resources.find((r) => r["resourceType"] === "Patient");
  const id = typeof patient?.["id"] === "string" ? patient["id"] : "unknown";
  const byType = new Map<string, Readonly<Record<string, unknown>>[]>();
  const others: Readonly<Record<string, unknown>>[] = [];
  const exported = new Set(record.exportedTypes);
  for (const r of record.resources) {
    const type = String(r["resourceType"]);
    const resource = draft !== undefined && type === "MedicationRequest" && r["id"] === draft ? { ...r, status: "draft" } : r;
    const list = exported.has(type) ? (byType.get(type) ?? byType.set(type, []).get(type)!) : others;
    list.push(resource);
  }
  const searches = [...exported].sort().map((type) => {
    const found = byType.get(type) ?? [];
    return {
      resource: {
        resourceType: "Bundle",
        type: "searchset",
        total: found.length,
        link: [{ relation: "self", url: `${type}?${type === "Patient" ? "_id" : "patient"}=${id}` }],
        entry: found.map((resource) => ({ resource, search: { mode: "match" } })),
      },
    };
  });
  return { resourceType: "Bundle", type: "batch-response", entry: [...searches, ...others.map((resource) => ({ resource }))] };
}

/** The audit's reading of one patient's Bulk Data resources. */
export function fhirHistory(record: FhirPatientRecord, options: FhirHistoryOptions): Either<readonly Diagnostic[], PatientHistory> {
  const read = (at: string, draft: string | undefined): ReturnType<typeof fromFhir> =>
    fromFhir(asSearchResults(record, draft), { now: at, ...(options.defaultSetting === undefined ? {} : { defaultSetting: options.defaultSetting }), ...(options.mappings === undefined ? {} : { mappings: options.mappings }) });
  const whole = read(options.asOf, undefined);
  if (whole._tag === "Left") return whole;
  const validated = validateRecord(whole.right.context);
  if (validated._tag === "Left") return validated;
  const sources = new Map(whole.right.provenance.map((p) => [p.fact, p.resourceType]));
  // Only prescriptions are audited: a MedicationStatement records what the patient said they take.
  const prescribed = (ref: CourseRef): boolean => sources.get(`/${ref.list}/${ref.index}`) === "MedicationRequest";
  const courses = writtenCourses(validated.right, prescribed);
  const idOf = new Map(courses.map((c) => [`${c.ref.list}/${c.ref.index}`, c.id]));
  return right({
    key: record.key,
    site: record.site,
    record: validated.right,
    courses,
    reviewsRecorded: false,
    listsAllMedicines: true,
    at: (at, draft) => {
      const result = read(formatInstant(at), draft === undefined ? undefined : idOf.get(`${draft.list}/${draft.index}`));
      return result._tag === "Left" ? result : right(result.right.context);
    },
  });
}
