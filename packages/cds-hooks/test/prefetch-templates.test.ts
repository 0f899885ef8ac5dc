import { describe, expect, test } from "vitest";
import { bundledGuidelines, compileGuideline } from "../../../test/support/guidelines.js";
import { prefetchTemplates, renderTemplate } from "../src/index.js";

/**
 * The specification's restricted subset ("Prefetch query restrictions"): a read of one resource by
 * a context id, or a type-level search whose parameters are a patient reference, tokens compared
 * for equality (optionally `:in`), dates with eq/lt/gt/ge/le, `_count` and `_sort`.
 */
function inRestrictedSubset(template: string): boolean {
  if (/^[A-Z][A-Za-z]+\/\{\{context\.[A-Za-z]+\}\}$/.test(template)) return true;
  const [type, query] = template.split("?");
  if (!/^[A-Z][A-Za-z]+$/.test(type ?? "") || query === undefined) return false;
  return query.split("&").every((pair) => {
    const [name, value] = pair.split("=") as [string, string | undefined];
    if (value === undefined || value === "") return false;
    if (name === "patient" || name === "subject") return value === "{{context.patientId}}";
    if (name === "_count") return /^\d+$/.test(value);
    if (name === "_sort") return /^-?[a-z-]+$/.test(value);
    if (name === "date") return /^(eq|lt|gt|ge|le)?\d{4}/.test(value);
    // A token parameter: no modifier but :in, values compared for equality.
    return /^[a-z][a-z-]*(:in)?$/.test(name) && value.split(",").every((v) => /^[^,:=&|]+$/.test(decodeURIComponent(v).split("|").pop()!));
  });
}

describe("the prefetch templates of the bundled guidelines", () => {
  const templates = prefetchTemplates(bundledGuidelines());

  test("ask for the patient, the encounter (the care setting), and every kind of record the hospital and NG109 rules read", () => {
    expect(templates).toEqual({
      patient: "Patient/{{context.patientId}}",
      encounter: "Encounter/{{context.encounterId}}",
      conditions: "Condition?patient={{context.patientId}}",
      allergies: "AllergyIntolerance?patient={{context.patientId}}",
      observations: "Observation?patient={{context.patientId}}",
      "medication-requests": "MedicationRequest?patient={{context.patientId}}",
      "medication-statements": "MedicationStatement?patient={{context.patientId}}",
      "medication-administrations": "MedicationAdministration?patient={{context.patientId}}",
      "diagnostic-reports": "DiagnosticReport?patient={{context.patientId}}",
      "detected-issues": "DetectedIssue?patient={{context.patientId}}",
    });
  });

  test("are all within the specification's restricted query subset", () => {
    for (const template of Object.values(templates)) expect([template, inRestrictedSubset(template)]).toEqual([template, true]);
  });

  test("with the care setting configured, the encounter is not asked for", () => {
    expect(prefetchTemplates(bundledGuidelines(), { settingFixed: true })).not.toHaveProperty("encounter");
  });
});

describe("a guideline asks only for what it reads", () => {
  const header = (id: string) => `guideline ${id} {\n  title "t"\n  version 1.0.0\n  status draft\n  settings primary-care\n  owner "o"\n  approved 2026-01-01\n  review-by 2027-01-01\n}\n`;

  test("one that reads no microbiology, no course and no allergy asks for none of them: only the observations it reads, by code", () => {
    const g = compileGuideline(
      `import "../sources.stw"\nimport "../observations.stw"\n${header("renal")}\nrule low-egfr {\n  cite bnf "x"\n  when egfr < 30 mL/min/1.73m2 and age >= 18 years\n  advice "renal function is low"\n}\n`,
      "guidelines/local/test-renal.stw",
    );
    const templates = prefetchTemplates([g]);
    expect(Object.keys(templates)).toEqual(["patient", "encounter", "observations"]);
    // Every code of the eGFR observation (guidelines/observations.stw), LOINC and SNOMED CT.
    expect(decodeURIComponent(templates["observations"]!).split("&code=")[1]!.split(",")).toEqual([
      "http://loinc.org|33914-3",
      "http://loinc.org|62238-1",
      "http://loinc.org|69405-9",
      "http://loinc.org|98979-8",
      "http://snomed.info/sct|1011481000000105",
      "http://snomed.info/sct|1020291000000106",
      "http://snomed.info/sct|857971000000104",
      "http://snomed.info/sct|996231000000108",
    ]);
    for (const template of Object.values(templates)) expect(inRestrictedSubset(template)).toBe(true);
  });

  test("one that reads a finding asks for it in Steward's finding code system; one that reads pregnancy asks for conditions and the pregnancy status", () => {
    const g = compileGuideline(
      `import "../sources.stw"\n${header("findings")}\nfinding improving "Improving"\nrule r {\n  cite bnf "x"\n  when improving and not pregnant\n  advice "a"\n}\n`,
      "guidelines/local/test-findings.stw",
    );
    const templates = prefetchTemplates([g]);
    expect(templates["conditions"]).toBe("Condition?patient={{context.patientId}}");
    expect(decodeURIComponent(templates["observations"]!)).toBe("Observation?patient={{context.patientId}}&code=http://loinc.org|82810-3,https://steward.dev/fhir/CodeSystem/finding|improving");
  });
});

test("tokens are filled from the hook's context, URL-encoded; a template whose field the hook did not send cannot be filled", () => {
  expect(renderTemplate("Condition?patient={{context.patientId}}", { context: { patientId: "a b/c" } })).toBe("Condition?patient=a%20b%2Fc");
  expect(renderTemplate("Encounter/{{context.encounterId}}", { context: { patientId: "1" } })).toBeUndefined();
  expect(renderTemplate("PractitionerRole?_id={{userPractitionerRoleId}}", { context: { userId: "PractitionerRole/123" } })).toBe("PractitionerRole?_id=123");
  expect(renderTemplate("Medication?_id={{context.draftOrders.entry.resource.id}}", { context: { draftOrders: {} } })).toBeUndefined();
});
