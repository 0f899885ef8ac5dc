/**
 * The tables that turn codes a record sends into the words and ids Steward reads. Every row cites
 * where its code was seen. A host replaces or extends a table through `fromFhir`'s `mappings`
 * option (`[...defaultMappings.routes, ...mine]`); the first matching row wins.
 */
import type { ContextCoding, vocabulary } from "@steward/core";
import { systems } from "./codes.js";

/** One row of a mapping table: a code, what it means to Steward, and where the code was seen. */
export interface CodeRow<T> {
  readonly system: string;
  readonly code: string;
  readonly means: T;
  readonly source: string;
}

/** The pregnancy status a coded answer records. */
export type PregnancyAnswer = "pregnant" | "not-pregnant" | "unknown";

/** Every table the adapter reads, by what it maps. */
export interface FhirMappings {
  /** Encounter class, service type or type codes, to the care setting. */
  readonly settings: readonly CodeRow<vocabulary.CareSetting>[];
  /** Route of administration codes, to route words. */
  readonly routes: readonly CodeRow<vocabulary.Route>[];
  /** Medication codes (local, NDC, RxNorm …) to formulary drug ids, tried before the code is sent as it is. */
  readonly medications: readonly CodeRow<string>[];
  /** Laboratory susceptibility test codes, to the formulary drug the result is about. */
  readonly laboratoryAntibiotics: readonly CodeRow<string>[];
  /** Codes of observations whose value is the organism grown. */
  readonly organismResults: readonly CodeRow<true>[];
  /** Organism codes in a laboratory's own system, to the SNOMED CT organism. */
  readonly organisms: readonly CodeRow<ContextCoding>[];
  /** Specimen type codes, and culture test codes that name their specimen, to specimen words. */
  readonly specimens: readonly CodeRow<vocabulary.Specimen>[];
  /** Susceptibility interpretation codes, to susceptibility words. */
  readonly susceptibilities: readonly CodeRow<vocabulary.Susceptibility>[];
  /** Observation codes that record body weight. */
  readonly bodyWeight: readonly CodeRow<true>[];
  /** Observation codes that record pregnancy status. */
  readonly pregnancyStatus: readonly CodeRow<true>[];
  /** Coded answers to a pregnancy status, and Condition codes that mean the patient is pregnant. */
  readonly pregnancyAnswers: readonly CodeRow<PregnancyAnswer>[];
  /** Allergy codes that record no known drug allergy: an explicit negative, not an allergy. */
  readonly noKnownAllergy: readonly CodeRow<true>[];
}

const hl7Examples = "HL7 FHIR R4 examples (hl7.fhir.r4.examples 4.0.1)";
const ukCore = "UK Core STU2 examples (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN)";

/** The tables as Steward ships them. */
export const defaultMappings: FhirMappings = {
  settings: [
    { system: systems.actCode, code: "IMP", means: "inpatient", source: `${ukCore}: Encounter-InpatientEncounter, class IMP "inpatient encounter"` },
    { system: systems.actCode, code: "EMER", means: "emergency-department", source: `${hl7Examples}: Encounter-emerg, class EMER` },
  ],
  routes: [
    { system: systems.snomed, code: "26643006", means: "oral", source: `${ukCore}: MedicationRequest-Amoxicillin, route "Oral"` },
    { system: systems.snomed, code: "260548002", means: "oral", source: `${hl7Examples}: MedicationStatement-example004, route "Oral"` },
    { system: systems.snomed, code: "47625008", means: "iv", source: `${hl7Examples}: MedicationRequest-medrx0319, route "Intravenous route (qualifier value)"` },
    { system: systems.snomed, code: "255560000", means: "iv", source: `${hl7Examples}: MedicationRequest-medrx0318, route "Intravenous"` },
    { system: systems.snomed, code: "255559005", means: "im", source: `${hl7Examples}: MedicationRequest-medrx0332, route "Intramuscular (qualifier value)"` },
  ],
  medications: [],
  laboratoryAntibiotics: [
    { system: systems.loinc, code: "18955-5", means: "nitrofurantoin", source: "CLINICAL-FACTS §7.2: Nitrofurantoin [Susceptibility] [V]" },
    { system: systems.loinc, code: "185-9", means: "ciprofloxacin", source: `${hl7Examples}: Bundle-lri-example, "Ciprofloxacin [Susceptibility] by Minimum inhibitory concentration (MIC)"` },
    { system: systems.loinc, code: "267-5", means: "gentamicin", source: `${hl7Examples}: Bundle-lri-example, "Gentamicin [Susceptibility] by Minimum inhibitory concentration (MIC)"` },
  ],
  organismResults: [
    { system: systems.loinc, code: "600-7", means: true, source: "CLINICAL-FACTS §7.2: Bacteria identified in blood by culture [V]" },
    { system: systems.loinc, code: "630-4", means: true, source: "CLINICAL-FACTS §7.2: Bacteria identified in urine by culture [V]" },
    { system: systems.loinc, code: "624-7", means: true, source: `${hl7Examples}: Bundle-lri-example, "Bacteria Spt Resp Cul"` },
  ],
  organisms: [],
  specimens: [
    { system: systems.snomed, code: "119297000", means: "blood", source: `${ukCore}: Specimen-BloodSpecimen, "Blood specimen"` },
    { system: systems.snomed, code: "122575003", means: "urine", source: `${ukCore}: Specimen-UrineSpecimen, "Urine specimen"` },
    { system: systems.loinc, code: "600-7", means: "blood", source: "CLINICAL-FACTS §7.2: Bacteria identified in blood by culture [V]" },
    { system: systems.loinc, code: "630-4", means: "urine", source: "CLINICAL-FACTS §7.2: Bacteria identified in urine by culture [V]" },
    { system: systems.loinc, code: "624-7", means: "sputum", source: `${hl7Examples}: Bundle-lri-example, "Bacteria Spt Resp Cul", "Aerobic Respiratory Culture, Sputum"` },
    { system: systems.snomed, code: "104177005", means: "blood", source: `${hl7Examples}: Bundle-f202, "Blood culture for bacteria, including anaerobic screen"` },
  ],
  susceptibilities: [
    { system: systems.interpretation, code: "S", means: "susceptible", source: `${hl7Examples}: Bundle-micro, Bundle-lri-example` },
    { system: systems.interpretation, code: "I", means: "intermediate", source: "HL7 Healthcare Associated Infection IG, NHSNDrugSusceptibilityFindingCode value set (https://hl7.org/fhir/us/hai/2018May/ValueSet-2.16.840.1.113883.13.13.html): I Intermediate" },
    { system: systems.interpretation, code: "R", means: "resistant", source: `${hl7Examples}: Bundle-micro` },
    { system: systems.snomed, code: "131196009", means: "susceptible", source: "CLINICAL-FACTS §7.2: Susceptible [V]" },
    { system: systems.snomed, code: "11896004", means: "intermediate", source: "CLINICAL-FACTS §7.2: Intermediate [V]" },
    { system: systems.snomed, code: "30714006", means: "resistant", source: "CLINICAL-FACTS §7.2: Resistant [V]" },
  ],
  bodyWeight: [
    { system: systems.loinc, code: "29463-7", means: true, source: "Synthea bundles in the conformance corpus, \"Body Weight\"" },
    { system: systems.snomed, code: "27113001", means: true, source: "danka74/snomed-ig-fsh SnomedBodyWeightm value set, \"Body weight (observable entity)\"" },
  ],
  pregnancyStatus: [{ system: systems.loinc, code: "82810-3", means: true, source: "cqframework/cpg-example-anthrax test cases, \"Pregnancy status\"" }],
  pregnancyAnswers: [
    { system: systems.snomed, code: "77386006", means: "pregnant", source: "bvdh/dicom-terminology-in-fhir CID 6096 Pregnancy Status, \"patient currently pregnant\"" },
    { system: systems.snomed, code: "60001007", means: "not-pregnant", source: "bvdh/dicom-terminology-in-fhir CID 6096 Pregnancy Status, \"not pregnant\"" },
    { system: systems.snomed, code: "261665006", means: "unknown", source: "bvdh/dicom-terminology-in-fhir CID 6096 Pregnancy Status, \"Unknown\"" },
    { system: systems.snomed, code: "72892002", means: "pregnant", source: "Synthea bundles in the conformance corpus, Condition \"Normal pregnancy\"" },
  ],
  noKnownAllergy: [
    { system: systems.snomed, code: "409137002", means: true, source: `${hl7Examples}: AllergyIntolerance-nkda; ${ukCore}: AllergyIntolerance-Sn-NegHandlNoKnownAllergies` },
  ],
};

/** What the first row matching one of `codings` means, with the coding it matched. */
export function lookUp<T>(table: readonly CodeRow<T>[], codings: readonly ContextCoding[]): { readonly means: T; readonly coding: ContextCoding } | undefined {
  for (const row of table) {
    const coding = codings.find((c) => c.system === row.system && c.code === row.code);
    if (coding !== undefined) return { means: row.means, coding };
  }
  return undefined;
}
