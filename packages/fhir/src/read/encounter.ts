/**
 * The encounter under way at `now` gives the care setting (its class, service type or type, through
 * the `settings` table) and, for an inpatient stay, the admission time. A class the table does not
 * map — `AMB` is both a GP consultation and a hospital outpatient clinic — is not guessed.
 */
import type { vocabulary } from "@steward/core";
import { codingsOf } from "../codes.js";
import { objectAt, objectsAt, textAt } from "../json-value.js";
import { aboutResource, type LocatedResource } from "../located.js";
import { lookUp } from "../mapping-tables.js";
import { sourceOf, timeAt, type Reading, type Source } from "../reading.js";

/** What the current encounter says. */
export interface EncounterFacts {
  readonly setting: { readonly means: vocabulary.CareSetting; readonly source: Source } | undefined;
  readonly admitted: { readonly at: string; readonly source: Source } | undefined;
  /** The current encounter, when there is one. */
  readonly encounter: LocatedResource | undefined;
}

const finished = new Set(["cancelled", "entered-in-error", "planned"]);

/** The encounter under way at `now` (the latest to start, when several are), and what it says; an unmapped class is reported unless the host gave the setting. */
export function readEncounter(reading: Reading, settingGiven: boolean): EncounterFacts {
  let current: { r: LocatedResource; start: number } | undefined;
  for (const r of reading.ofType("Encounter")) {
    if (finished.has(textAt(r.resource, "status") ?? "")) continue;
    const period = objectAt(r.resource, "period");
    const start = period && timeAt(reading, r, "start", { object: period, steps: ["period"] });
    const end = period && timeAt(reading, r, "end", { object: period, steps: ["period"] });
    if (start === undefined || start.earliest > reading.now || (end !== undefined && end.latest < reading.now)) continue;
    if (current === undefined || start.earliest > current.start) current = { r, start: start.earliest };
  }
  if (current === undefined) return { setting: undefined, admitted: undefined, encounter: undefined };
  const r = current.r;
  // `class` is a Coding, `serviceType` a CodeableConcept, `type` a list of them.
  const candidates = [
    { steps: ["class"], codings: codingsOf({ coding: [r.resource["class"]] }) },
    { steps: ["serviceType"], codings: codingsOf(objectAt(r.resource, "serviceType")) },
    ...objectsAt(r.resource, "type").map(({ value, index }) => ({ steps: ["type", index], codings: codingsOf(value) })),
  ];
  for (const { steps, codings } of candidates) {
    const found = lookUp(reading.mappings.settings, codings.map((c) => c.coding));
    if (found === undefined) continue;
    const period = objectAt(r.resource, "period");
    const start = timeAt(reading, r, "start", { object: period ?? {}, steps: ["period"] });
    const admitted = found.means === "inpatient" && start?.instant !== undefined ? { at: start.instant, source: sourceOf(r, "period", "start") } : undefined;
    return { setting: { means: found.means, source: sourceOf(r, ...steps) }, admitted, encounter: r };
  }
  const classCode = textAt(objectAt(r.resource, "class"), "code");
  if (!settingGiven)
    reading.report(
    aboutResource("fhir/unmapped-code", "warning", r, ["class"], `the encounter class \`${classCode ?? "?"}\` does not say which care setting this is`, "pass the setting to `fromFhir`, or add the class or service type code to the `settings` table"),
  );
  return { setting: undefined, admitted: undefined, encounter: r };
}
