/**
 * Conditions as they stood at `now`: one that began later did not exist yet, one that abated by
 * then was resolved, and one resolved since was still active then. Every coding of a condition is
 * sent, so a guideline that lists any of them recognises it.
 */
import type { PatientContextInput } from "@steward/core";
import { codingsOf, withDisplay } from "../codes.js";
import { objectAt, objectsAt, textAt } from "../json-value.js";
import { aboutResource, type LocatedResource } from "../located.js";
import { sourceOf, statusCode, timeAt, type Reading, type Sourced } from "../reading.js";

type Diagnosis = NonNullable<PatientContextInput["diagnoses"]>[number];
type DiagnosisStatus = NonNullable<Diagnosis["status"]>;

const clinicalStatuses: Readonly<Record<string, DiagnosisStatus>> = {
  active: "active",
  recurrence: "active",
  relapse: "active",
  inactive: "inactive",
  remission: "inactive",
  resolved: "resolved",
};

/** The condition's status at `now` and its onset; undefined when it did not exist yet or was entered in error. */
export function conditionStatusAt(reading: Reading, r: LocatedResource): { readonly status: DiagnosisStatus; readonly onset: string | undefined } | undefined {
  const verification = statusCode(r.resource["verificationStatus"]);
  if (verification === "entered-in-error") return undefined;
  const recorded = timeAt(reading, r, "recordedDate");
  const onsetPeriod = objectAt(r.resource, "onsetPeriod");
  const onset = timeAt(reading, r, "onsetDateTime") ?? (onsetPeriod && timeAt(reading, r, "start", { object: onsetPeriod, steps: ["onsetPeriod"] }));
  if ((onset !== undefined && onset.earliest > reading.now) || (recorded !== undefined && recorded.earliest > reading.now)) return undefined;
  const abatementPeriod = objectAt(r.resource, "abatementPeriod");
  const abatement = timeAt(reading, r, "abatementDateTime") ?? (abatementPeriod && timeAt(reading, r, "end", { object: abatementPeriod, steps: ["abatementPeriod"] }));
  const onsetText = onset?.instant;
  if (verification === "refuted") return { status: "refuted", onset: onsetText };
  if (abatement !== undefined) return { status: abatement.latest <= reading.now ? "resolved" : "active", onset: onsetText };
  const clinical = statusCode(r.resource["clinicalStatus"]);
  const status = clinical === undefined ? undefined : clinicalStatuses[clinical];
  if (status === undefined) {
    reading.report(
      aboutResource("fhir/inexact-value", "info", r, ["clinicalStatus"], clinical === undefined ? "has no clinical status and no abatement: read as active" : `clinical status \`${clinical}\` is not one FHIR R4 defines: read as active`),
    );
    return { status: "active", onset: onsetText };
  }
  return { status, onset: onsetText };
}

/** The coded diagnoses, one per coding, with their status at `now`. */
export function readConditions(reading: Reading): Sourced<Diagnosis>[] {
  const out: Sourced<Diagnosis>[] = [];
  for (const r of reading.ofType("Condition")) {
    const at = conditionStatusAt(reading, r);
    if (at === undefined) continue;
    const code = objectAt(r.resource, "code");
    const codings = codingsOf(code);
    if (codings.length === 0) {
      reading.report(aboutResource("fhir/invalid-resource", "warning", r, ["code"], `has no coded diagnosis${textAt(code, "text") === undefined ? "" : ` (only the words \`${textAt(code, "text")}\`)`}, so no guideline can recognise it`, "code the diagnosis in SNOMED CT"));
      continue;
    }
    for (const { coding, index } of codings) {
      const diagnosis: Diagnosis = { code: withDisplay(coding, code), status: at.status };
      const recorded = timeAt(reading, r, "recordedDate")?.instant;
      out.push({
        value: { ...(r.id === undefined ? {} : { id: r.id }), ...diagnosis, ...(recorded === undefined ? {} : { recorded }), ...(at.onset === undefined ? {} : { onset: at.onset }) },
        source: sourceOf(r, "code", "coding", index),
      });
    }
  }
  return out;
}

/** Encounter diagnoses whose Condition is not in the input cannot be read: each is reported. */
export function checkEncounterDiagnoses(reading: Reading): void {
  for (const r of reading.ofType("Encounter")) {
    for (const { value, index } of objectsAt(r.resource, "diagnosis")) {
      const reference = objectAt(value, "condition");
      if (reference === undefined || reading.index.resolve(reference, r) !== undefined) continue;
      reading.report(
        aboutResource("fhir/unresolved-reference", "warning", r, ["diagnosis", index, "condition"], `the diagnosis \`${textAt(reference, "reference") ?? textAt(reference, "display") ?? "?"}\` is not in the input, so its code cannot be read`, "include the Condition resources the Encounter refers to"),
      );
    }
  }
}
