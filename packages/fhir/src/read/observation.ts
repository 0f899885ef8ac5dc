/**
 * Observations with a number (eGFR, creatinine, vital signs, NEWS2, CRP, white cell count …) and
 * their components (the two pressures of a blood pressure), and observations recording a finding
 * as true or false. Each is read as it stood at `now`: a result made later did not exist yet.
 */
import type { PatientContextInput } from "@steward/core";
import { codingsOf, preferredCoding, systems, withDisplay } from "../codes.js";
import type { FhirTime } from "../fhir-time.js";
import { booleanAt, objectAt, objectsAt, textAt } from "../json-value.js";
import { aboutResource, type LocatedResource } from "../located.js";
import { lookUp } from "../mapping-tables.js";
import { isQuantityProblem, readQuantity, reportQuantity } from "../quantity.js";
import { sourceOf, timeAt, type Reading, type Sourced } from "../reading.js";

type ObservationRecord = NonNullable<PatientContextInput["observations"]>[number];
type FindingRecord = NonNullable<PatientContextInput["findings"]>[number];

// Observation statuses whose value stands; `preliminary` results are read, as a clinician would see them.
const standing = new Set(["final", "amended", "corrected", "preliminary"]);

/** When an observation was made, if it is one whose value stands and it was made by `now`. */
export function observedAt(reading: Reading, r: LocatedResource): { readonly time: FhirTime; readonly field: string } | undefined {
  const status = textAt(r.resource, "status");
  if (status === "entered-in-error" || status === "cancelled") return undefined;
  if (status === undefined || !standing.has(status)) {
    reading.notRead(r, `status \`${status ?? "none"}\`: no result yet`);
    return undefined;
  }
  const period = objectAt(r.resource, "effectivePeriod");
  const found: [FhirTime | undefined, string][] = [
    [timeAt(reading, r, "effectiveDateTime"), "effectiveDateTime"],
    [timeAt(reading, r, "effectiveInstant"), "effectiveInstant"],
    [period && (timeAt(reading, r, "end", { object: period, steps: ["effectivePeriod"] }) ?? timeAt(reading, r, "start", { object: period, steps: ["effectivePeriod"] })), "effectivePeriod"],
    // Without an effective time, the time the result was issued is the latest it can have been made.
    [timeAt(reading, r, "issued"), "issued"],
  ];
  const hit = found.find(([t]) => t !== undefined);
  if (hit === undefined) {
    reading.report(aboutResource("fhir/invalid-resource", "warning", r, [], "has no effective or issued time, so when it was made is unknown", "the observation is left out"));
    return undefined;
  }
  const [time, field] = hit as [FhirTime, string];
  if (time.earliest > reading.now) return undefined;
  if (time.instant === undefined) {
    reading.report(aboutResource("fhir/inexact-value", "warning", r, [field], "is known only to the year or month", "the observation is left out"));
    return undefined;
  }
  return { time, field };
}

/** Numeric observations and their components, and true/false findings; `skip` holds observations other readers took. */
export function readObservations(reading: Reading, skip: ReadonlySet<LocatedResource>): { observations: Sourced<ObservationRecord>[]; findings: Sourced<FindingRecord>[] } {
  const observations: Sourced<ObservationRecord>[] = [];
  const findings: Sourced<FindingRecord>[] = [];
  const preferred = [systems.loinc, systems.snomed];
  for (const r of reading.ofType("Observation")) {
    if (skip.has(r)) continue;
    const code = objectAt(r.resource, "code");
    const coding = preferredCoding(code, preferred);
    const components = objectsAt(r.resource, "component");
    const value = objectAt(r.resource, "valueQuantity") ?? (typeof r.resource["valueInteger"] === "number" ? { value: r.resource["valueInteger"] } : undefined);
    const truth = booleanAt(r.resource, "valueBoolean");
    if (value === undefined && truth === undefined && components.length === 0) {
      reading.notRead(r, objectsAt(r.resource, "hasMember").length > 0 ? "a panel: its members are read one by one" : "a value that is not a number or true/false");
      continue;
    }
    if (coding === undefined) {
      reading.report(aboutResource("fhir/invalid-resource", "warning", r, ["code"], "has no coded `code`, so no guideline can recognise it", "the observation is left out"));
      continue;
    }
    const at = observedAt(reading, r);
    if (at === undefined) continue;
    const time = at.time.instant!;
    const id = r.id === undefined ? {} : { id: r.id };
    if (truth !== undefined) {
      const named = coding.coding.system === systems.finding ? { finding: coding.coding.code } : { code: withDisplay(coding.coding, code) };
      findings.push({ value: { ...named, present: truth, time }, source: sourceOf(r) });
    }
    if (value !== undefined) {
      const q = readQuantity(value);
      if (isQuantityProblem(q)) reportQuantity(reading, r, [r.resource["valueQuantity"] === undefined ? "valueInteger" : "valueQuantity"], q, "the observation is left out");
      else observations.push({ value: { ...id, code: withDisplay(coding.coding, code), value: q.value, unit: q.unit, time }, source: sourceOf(r) });
    }
    for (const { value: component, index } of components) {
      const componentCode = objectAt(component, "code");
      const componentCoding = preferredCoding(componentCode, preferred);
      const quantity = objectAt(component, "valueQuantity");
      if (componentCoding === undefined || quantity === undefined) continue;
      const q = readQuantity(quantity);
      if (isQuantityProblem(q)) {
        reportQuantity(reading, r, ["component", index, "valueQuantity"], q, "the component is left out");
        continue;
      }
      observations.push({ value: { ...id, code: withDisplay(componentCoding.coding, componentCode), value: q.value, unit: q.unit, time }, source: sourceOf(r, "component", index) });
    }
  }
  return { observations, findings };
}

/** True when the observation's code is one of the table's. */
export function observationIs(r: LocatedResource, table: Parameters<typeof lookUp>[0]): boolean {
  return lookUp(table, codingsOf(objectAt(r.resource, "code")).map((c) => c.coding)) !== undefined;
}
