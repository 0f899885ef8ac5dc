/**
 * Prefetch templates derived from what the loaded guidelines read: every value a rule, define,
 * score, treatment condition, contraindication or resistance row reads is walked, and each kind of data maps to the FHIR query that
 * brings it (a guideline that reads no microbiology asks for no DiagnosticReport). The queries keep
 * to the specification's restricted subset: reads of resources by a context id, and type-level
 * searches by patient with token parameters compared for equality.
 */
import { findCodeSystem, type GuidelineIR } from "@steward/core";
import { defaultMappings, type FhirMappings } from "@steward/fhir";

/** The code system Steward's FHIR reader reads a guideline finding in, by the finding's id. */
export const findingSystem = "https://steward.dev/fhir/CodeSystem/finding";

/** What the guidelines read, by the resources that hold it. */
interface Needs {
  encounter: boolean;
  conditions: boolean;
  allergies: boolean;
  courses: boolean;
  courseStarts: boolean;
  cultures: boolean;
  alerts: boolean;
  /** Observation codes as `system|code`. */
  readonly observationCodes: Set<string>;
}

/** How to derive the templates. */
export interface PrefetchOptions {
  /** The mapping tables the record is read with (body weight and pregnancy status codes come from them). */
  readonly mappings?: Partial<FhirMappings>;
  /** True when the service is configured with one care setting: the Encounter is then not asked for. */
  readonly settingFixed?: boolean;
}

const patientToken = "{{context.patientId}}";

type Json = unknown;

/** The prefetch templates, by key, for a service evaluating `guidelines`. */
export function prefetchTemplates(guidelines: readonly GuidelineIR[], options: PrefetchOptions = {}): Readonly<Record<string, string>> {
  const mappings = { ...defaultMappings, ...options.mappings };
  const needs: Needs = { encounter: options.settingFixed !== true, conditions: false, allergies: false, courses: false, courseStarts: false, cultures: false, alerts: false, observationCodes: new Set() };
  for (const g of guidelines) readNeeds(g, needs, mappings);

  const search = (type: string, extra = ""): string => `${type}?patient=${patientToken}${extra}`;
  const templates: Record<string, string> = { patient: `Patient/${patientToken}` };
  if (needs.encounter) templates["encounter"] = "Encounter/{{context.encounterId}}";
  if (needs.conditions) templates["conditions"] = search("Condition");
  if (needs.allergies) templates["allergies"] = search("AllergyIntolerance");
  // Culture results are Observations a DiagnosticReport points to, whatever their code: with cultures, every Observation.
  if (needs.cultures) templates["observations"] = search("Observation");
  else if (needs.observationCodes.size > 0) templates["observations"] = search("Observation", `&code=${[...needs.observationCodes].sort().map(encodeURIComponent).join(",")}`);
  if (needs.courses) {
    templates["medication-requests"] = search("MedicationRequest");
    templates["medication-statements"] = search("MedicationStatement");
  }
  // A course starts with its first dose given.
  if (needs.courseStarts) templates["medication-administrations"] = search("MedicationAdministration");
  if (needs.cultures) templates["diagnostic-reports"] = search("DiagnosticReport");
  // A clinician's acknowledgement of an alert, recorded in the EHR as a mitigation on the alert's DetectedIssue.
  if (needs.alerts) templates["detected-issues"] = search("DetectedIssue");
  return templates;
}

function readNeeds(g: GuidelineIR, needs: Needs, mappings: FhirMappings): void {
  const code = (system: string, value: string): void => {
    needs.observationCodes.add(`${findCodeSystem(system)?.uri ?? system}|${value}`);
  };
  const observation = (id: string): void => {
    for (const c of g.observations.find((o) => o.id === id)?.codes ?? []) code(c.system, c.code);
    const score = g.scores.find((s) => s.id === id);
    if (score?.kind === "recorded") for (const c of score.codes) code(c.system, c.code);
  };
  const finding = (id: string): void => {
    code(findingSystem, id);
    for (const c of g.findings.find((f) => f.id === id)?.codes ?? []) code(c.system, c.code);
  };
  const weight = (): void => mappings.bodyWeight.forEach((r) => code(r.system, r.code));
  const pregnancy = (): void => {
    needs.conditions = true;
    mappings.pregnancyStatus.forEach((r) => code(r.system, r.code));
  };

  // Every treatment option, and every order of a formulary drug, is checked against the patient's allergies.
  if (g.drugs.length > 0 || g.rules.some((r) => r.treatments.length > 0)) needs.allergies = true;
  // Orders (those on record as well as those drafted) are checked against the contraindication and resistance rows, which raise alerts.
  if (g.contraindications.length > 0 || g.resistances.length > 0) needs.courses = needs.alerts = true;
  if (g.rules.some((r) => r.alerts.length > 0)) needs.alerts = true;
  for (const rule of g.rules) {
    if (rule.forEach.includes("course")) needs.courses = true;
    if (rule.forEach.includes("culture")) needs.cultures = true;
  }
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, Json>;
    // A dose per kilogram is worked out from the weight.
    if (typeof n["unit"] === "string" && n["unit"].endsWith("/kg")) weight();
    switch (n["kind"]) {
      case "patient":
        if (n["field"] === "weight") weight();
        if (["pregnant", "trimester", "gestation", "at-term"].includes(n["field"] as string)) pregnancy();
        break;
      case "diagnosis":
        needs.conditions = true;
        break;
      case "onset": {
        const of = n["of"] as { kind: string; id: string };
        if (of.kind === "finding") finding(of.id);
        else needs.conditions = true;
        break;
      }
      case "finding":
        finding(n["id"] as string);
        break;
      case "observation":
      case "trend":
      case "score":
        observation(n["id"] as string);
        break;
      case "course":
        needs.courses = true;
        // Indications are Conditions the order points to; a start is the first dose given.
        if (n["field"] === "indication" || n["field"] === "indicated") needs.conditions = true;
        if (n["field"] === "start") needs.courseStarts = true;
        break;
      case "review":
        if (n["from"] === "course-start") needs.courseStarts = true;
        break;
      case "culture":
      case "susceptibility":
        needs.cultures = true;
        break;
      case "exists":
        if (n["subject"] === "course") needs.courses = true;
        else needs.cultures = true;
        break;
      case "allergic":
        needs.allergies = true;
        break;
    }
    Object.values(n).forEach(visit);
  };
  visit(g.rules);
  visit(g.defines);
  // A resistance row reads cultures; a contraindication row reads what its condition reads (eGFR, pregnancy, age).
  visit(g.contraindications.map((c) => c.when));
  visit(g.resistances.map((r) => r.when));
  if (g.resistances.length > 0) needs.cultures = true;
  visit(g.scores.map((s) => (s.kind === "computed" ? s.criteria : [])));
}
