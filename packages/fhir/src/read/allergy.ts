/**
 * Allergies and intolerances as they stood at `now`. A "no known drug allergy" record is an explicit
 * negative: the list is known and holds nothing for it. A record with no allergy entry at all says
 * nothing: allergies stay unknown, because not recording an allergy is not recording none.
 */
import type { ContextCoding, PatientContextInput } from "@steward/core";
import { codingsOf, conceptText, preferredCoding, systems, withDisplay } from "../codes.js";
import { objectAt, objectsAt, textAt, textsAt, type JsonObject } from "../json-value.js";
import { aboutResource } from "../located.js";
import { lookUp } from "../mapping-tables.js";
import { sourceOf, statusCode, timeAt, type Reading, type Sourced } from "../reading.js";

type Allergy = NonNullable<PatientContextInput["allergies"]>[number];
type Severity = NonNullable<Allergy["severity"]>;

const severities: readonly Severity[] = ["mild", "moderate", "severe"];
const categories = new Set(["medication", "food", "environment", "biologic"]);
const verifications = new Set(["confirmed", "unconfirmed", "refuted", "entered-in-error"]);
const criticalities = new Set(["low", "high", "unable-to-assess"]);

/** The allergies, or undefined when the record holds no allergy statement at all. */
export function readAllergies(reading: Reading): Sourced<Allergy>[] | undefined {
  const out: Sourced<Allergy>[] = [];
  let stated = false;
  for (const r of reading.ofType("AllergyIntolerance")) {
    const verification = statusCode(r.resource["verificationStatus"]);
    if (verification === "entered-in-error") continue;
    const recorded = timeAt(reading, r, "recordedDate");
    const onset = timeAt(reading, r, "onsetDateTime");
    if ((recorded !== undefined && recorded.earliest > reading.now) || (onset !== undefined && onset.earliest > reading.now)) continue;
    stated = true;
    const clinical = statusCode(r.resource["clinicalStatus"]);
    if (clinical === "inactive" || clinical === "resolved") continue;
    const code = objectAt(r.resource, "code");
    const codings = codingsOf(code).map((c) => c.coding);
    if (lookUp(reading.mappings.noKnownAllergy, codings) !== undefined) continue;
    const chosen = preferredCoding(code, [systems.dmd, systems.snomed]);
    if (chosen === undefined) {
      reading.report(
        aboutResource("fhir/invalid-resource", "warning", r, ["code"], `the substance is not coded${conceptText(code) === undefined ? "" : ` (only the words \`${conceptText(code)}\`)`}, so it cannot be checked against any drug`, "allergies are left unknown rather than read without it"),
      );
      return undefined;
    }
    if (chosen.coding.system !== systems.dmd && chosen.coding.system !== systems.snomed) {
      reading.report(
        aboutResource("fhir/unmapped-code", "warning", r, ["code", "coding", chosen.index], `the substance is coded in \`${chosen.coding.system}\`; Steward matches allergies by dm+d and SNOMED CT codes`, "the allergy is sent as it is and will be reported as not matched to a formulary drug"),
      );
    }
    out.push({ value: allergyOf(r.id, withDisplay(chosen.coding, code), r.resource), source: sourceOf(r) });
  }
  return stated ? out : undefined;
}

function allergyOf(id: string | undefined, code: ContextCoding, resource: JsonObject): Allergy {
  const allergy: { -readonly [K in keyof Allergy]: Allergy[K] } = { code };
  if (id !== undefined) allergy.id = id;
  const category = textsAt(resource, "category").find((c) => categories.has(c));
  // An allergy recorded in several categories counts as a medication allergy if it is one.
  if (textsAt(resource, "category").includes("medication")) allergy.category = "medication";
  else if (category !== undefined) allergy.category = category as NonNullable<Allergy["category"]>;
  const type = textAt(resource, "type");
  if (type === "allergy" || type === "intolerance") allergy.type = type;
  const verification = statusCode(resource["verificationStatus"]);
  if (verification !== undefined && verifications.has(verification)) allergy.verification = verification as NonNullable<Allergy["verification"]>;
  const criticality = textAt(resource, "criticality");
  if (criticality !== undefined && criticalities.has(criticality)) allergy.criticality = criticality as NonNullable<Allergy["criticality"]>;
  const reactions = objectsAt(resource, "reaction").map((r) => r.value);
  const manifestations = reactions.flatMap((reaction) =>
    objectsAt(reaction, "manifestation").flatMap(({ value }) => {
      const c = preferredCoding(value, [systems.snomed]);
      return c === undefined ? [] : [withDisplay(c.coding, value)];
    }),
  );
  if (manifestations.length > 0) allergy.manifestations = manifestations;
  const worst = reactions.map((reaction) => severities.indexOf(textAt(reaction, "severity") as Severity)).reduce((a, b) => Math.max(a, b), -1);
  if (worst >= 0) allergy.severity = severities[worst]!;
  const descriptions = reactions.map((reaction) => textAt(reaction, "description")).filter((d): d is string => d !== undefined);
  if (descriptions.length > 0) allergy.reaction = descriptions.join("; ");
  return allergy;
}
