/**
 * The person: birth date and sex from the Patient, body weight from the latest weight observation,
 * and pregnancy from an active pregnancy Condition or the latest pregnancy status observation.
 */
import { formatDate, type PatientContextInput } from "@steward/core";
import { codingsOf } from "../codes.js";
import { readTime } from "../fhir-time.js";
import { objectAt, textAt } from "../json-value.js";
import { aboutResource, type LocatedResource } from "../located.js";
import { lookUp, type PregnancyAnswer } from "../mapping-tables.js";
import { isQuantityProblem, readQuantity, reportQuantity } from "../quantity.js";
import { sourceOf, type Reading, type Source } from "../reading.js";
import { conditionStatusAt } from "./condition.js";
import { observationIs, observedAt } from "./observation.js";

type Patient = PatientContextInput["patient"];

const sexes: Readonly<Record<string, NonNullable<Patient["sex"]>>> = { female: "female", male: "male", other: "other", unknown: "unknown" };

/** The patient facts, the source of each (by field name), and the observations read for them (not read again as results). */
export function readPatient(reading: Reading, patient: LocatedResource | undefined): { readonly patient: Patient; readonly sources: Readonly<Record<string, Source>>; readonly taken: ReadonlySet<LocatedResource> } {
  const out: { -readonly [K in keyof Patient]: Patient[K] } = {};
  const sources: Record<string, Source> = {};
  if (patient !== undefined) {
    const birth = textAt(patient.resource, "birthDate");
    const time = readTime(birth);
    if (birth !== undefined && (time === undefined || time.instant === undefined)) {
      reading.report(aboutResource("fhir/inexact-value", "warning", patient, ["birthDate"], `\`${birth}\` is not a full date of birth`, "age is left unknown"));
    } else if (time !== undefined && time.earliest > reading.now) {
      reading.report(aboutResource("fhir/invalid-value", "warning", patient, ["birthDate"], `the patient was born (${birth}) after the time the record is read at`, "age is left unknown"));
    } else if (time?.instant !== undefined) {
      out.birthDate = time.instant.slice(0, 10);
      sources["birthDate"] = sourceOf(patient, "birthDate");
    }
    const gender = textAt(patient.resource, "gender");
    if (gender !== undefined && sexes[gender] !== undefined) {
      out.sex = sexes[gender];
      sources["sex"] = sourceOf(patient, "gender");
    }
  }
  const weight = latestWeight(reading);
  if (weight !== undefined) {
    out.weight = weight.value;
    sources["weight"] = weight.source;
  }
  const pregnancy = pregnancyAt(reading);
  if (pregnancy !== undefined) {
    out.pregnancy = { status: pregnancy.status };
    sources["pregnancy"] = pregnancy.source;
  }
  const taken = new Set(reading.ofType("Observation").filter((r) => observationIs(r, reading.mappings.bodyWeight) || observationIs(r, reading.mappings.pregnancyStatus)));
  return { patient: out, sources, taken };
}

function latestWeight(reading: Reading): { value: { value: number; unit: string }; source: Source } | undefined {
  let best: { value: { value: number; unit: string }; source: Source; time: number } | undefined;
  for (const r of reading.ofType("Observation")) {
    if (!observationIs(r, reading.mappings.bodyWeight)) continue;
    const at = observedAt(reading, r);
    const quantity = objectAt(r.resource, "valueQuantity");
    if (at === undefined || quantity === undefined) continue;
    const q = readQuantity(quantity);
    if (isQuantityProblem(q)) {
      reportQuantity(reading, r, ["valueQuantity"], q, "the weight is left out");
      continue;
    }
    if (best === undefined || at.time.earliest > best.time) best = { value: q, source: sourceOf(r, "valueQuantity"), time: at.time.earliest };
  }
  return best;
}

/**
 * Pregnant when a pregnancy Condition is active at `now`; otherwise the latest pregnancy status
 * observation. A "not pregnant" answer counts only on the day it was recorded: an older one says
 * nothing about today, and treating it as current could offer a drug unsafe in pregnancy.
 */
function pregnancyAt(reading: Reading): { status: PregnancyAnswer; source: Source } | undefined {
  for (const r of reading.ofType("Condition")) {
    const answer = lookUp(reading.mappings.pregnancyAnswers, codingsOf(objectAt(r.resource, "code")).map((c) => c.coding));
    if (answer?.means === "pregnant" && conditionStatusAt(reading, r)?.status === "active") return { status: "pregnant", source: sourceOf(r, "code") };
  }
  let latest: { status: PregnancyAnswer; source: Source; time: number; day: string } | undefined;
  for (const r of reading.ofType("Observation")) {
    if (!observationIs(r, reading.mappings.pregnancyStatus)) continue;
    const at = observedAt(reading, r);
    const answer = lookUp(reading.mappings.pregnancyAnswers, codingsOf(objectAt(r.resource, "valueCodeableConcept")).map((c) => c.coding));
    if (at === undefined) continue;
    if (answer === undefined) {
      reading.report(aboutResource("fhir/unmapped-code", "warning", r, ["valueCodeableConcept"], "the pregnancy status answer is not one Steward knows", "pregnancy is left unknown"));
      continue;
    }
    if (latest === undefined || at.time.earliest > latest.time) latest = { status: answer.means, source: sourceOf(r, "valueCodeableConcept"), time: at.time.earliest, day: formatDate(at.time.earliest) };
  }
  if (latest?.status === "not-pregnant" && latest.day !== formatDate(reading.now)) {
    reading.report(aboutResource("fhir/inexact-value", "info", latest.source.from, ["valueCodeableConcept"], `"not pregnant" was recorded on ${latest.day}, not on the day the record is read`, "pregnancy is left unknown"));
    return undefined;
  }
  return latest;
}
