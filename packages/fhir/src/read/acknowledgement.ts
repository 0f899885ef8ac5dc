/**
 * Alerts a clinician has acknowledged, read back from the DetectedIssue Steward wrote for the alert
 * (identified by the alert's key) once the host has recorded a mitigation on it.
 */
import type { PatientContextInput } from "@steward/core";
import { systems } from "../codes.js";
import { objectsAt, textAt } from "../json-value.js";
import { sourceOf, timeAt, type Reading, type Sourced } from "../reading.js";

type Acknowledged = NonNullable<PatientContextInput["acknowledgedAlerts"]>[number];

/** The acknowledgements recorded by `now`: the latest mitigation of each Steward alert. */
export function readAcknowledgements(reading: Reading): Sourced<Acknowledged>[] {
  const out: Sourced<Acknowledged>[] = [];
  for (const r of reading.ofType("DetectedIssue")) {
    const key = objectsAt(r.resource, "identifier").map(({ value }) => value).find((i) => textAt(i, "system") === systems.alertKey);
    const status = textAt(r.resource, "status");
    if (key === undefined || textAt(key, "value") === undefined || status === "cancelled" || status === "entered-in-error") {
      reading.notRead(r, "a detected issue that is not an acknowledged Steward alert");
      continue;
    }
    let latest: { at: string; ms: number; index: number } | undefined;
    for (const { value, index } of objectsAt(r.resource, "mitigation")) {
      const t = timeAt(reading, r, "date", { object: value, steps: ["mitigation", index] });
      if (t?.instant === undefined || t.earliest > reading.now) continue;
      if (latest === undefined || t.earliest > latest.ms) latest = { at: t.instant, ms: t.earliest, index };
    }
    if (latest === undefined) continue;
    out.push({ value: { key: textAt(key, "value")!, at: latest.at }, source: sourceOf(r, "mitigation", latest.index, "date") });
  }
  return out;
}
