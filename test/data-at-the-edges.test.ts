// Patients coded the way English GP and hospital systems send them, through the plain-JSON entry
// point and every bundled guideline: SNOMED CT eGFR observables, UCUM units other than Steward's
// own spellings, impossible values, code systems under other names. Each case states the clinical
// effect a pharmacist would check.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { evaluate, type Decision, type Diagnostic } from "@steward/core";
import { fromFhir } from "@steward/fhir";
import { evaluateJson } from "@steward/json";
import { repoRoot as root } from "./support/conformance.js";
import { compileGuideline, evaluatorOf } from "./support/guidelines.js";

const NOW = "2026-11-25T09:00:00Z";

const bundled = evaluatorOf();

function run(context: unknown, evaluator = bundled): { decision?: Decision; diagnostics: readonly Diagnostic[] } {
  const result = evaluateJson(evaluator, context, { now: NOW });
  return isLeft(result) ? { diagnostics: result.left } : { decision: result.right, diagnostics: [] };
}

function decide(context: unknown, evaluator = bundled): Decision {
  const { decision, diagnostics } = run(context, evaluator);
  if (decision === undefined) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return decision;
}

const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, "examples/patients", name), "utf8")) as Record<string, unknown>;

/** The 30-year-old woman with cystitis, with an eGFR recorded by her GP system under a SNOMED CT observable. */
function womanWithSnomedEgfr(value: number, code = "1011481000000105"): Record<string, unknown> {
  return {
    ...example("01-woman-30-cystitis-egfr-80.json"),
    observations: [{ code: { system: "http://snomed.info/sct", code }, value, unit: "mL/min/{1.73_m2}", time: "2026-10-01" }],
  };
}

const offered = (d: Decision): string[] => d.treatments.map((t) => t.drug.id);
const excluded = (d: Decision): string[] => d.excluded.map((t) => t.drug.id);

describe("an eGFR recorded with a SNOMED CT observable code", () => {
  test("of 40 excludes nitrofurantoin, naming the value that excluded it", () => {
    const d = decide(womanWithSnomedEgfr(40));
    expect(offered(d)).not.toContain("nitrofurantoin");
    expect(excluded(d)).toContain("nitrofurantoin");
    expect(d.excluded.find((x) => x.drug.id === "nitrofurantoin")!.reason).toContain("egfr = 40 mL/min/1.73m2");
    expect(d.missingData.map((m) => m.data)).not.toContain("observation:egfr");
  });

  test("of 80 offers nitrofurantoin first", () => {
    const d = decide(womanWithSnomedEgfr(80));
    expect(d.treatments[0]!.drug.id).toBe("nitrofurantoin");
  });

  test.each([["857971000000104"], ["1020291000000106"], ["996231000000108"]])("coded %s is read as the eGFR too", (code) => {
    expect(excluded(decide(womanWithSnomedEgfr(40, code)))).toContain("nitrofurantoin");
  });

  test("the generic glomerular filtration rate (80274001) is not taken as an eGFR: nitrofurantoin waits for one", () => {
    const d = decide(womanWithSnomedEgfr(80, "80274001"));
    expect(offered(d)).not.toContain("nitrofurantoin");
    expect(d.missingData.map((m) => m.data)).toContain("observation:egfr");
  });
});

describe("units as UCUM spells them", () => {
  const wccRules = evaluatorOf([
    compileGuideline(
      `import white-cell-count from "../guidelines/observations.stw"
import ivos from "../guidelines/sources.stw"

guideline white-cell-count-check {
  title "White cell count check (test)"
  version 1.0.0
  status draft
  settings inpatient
  owner "Steward tests"
  approved 2026-01-01
  review-by 2027-01-01
}

rule raised-white-cell-count {
  cite ivos "white cell count trending towards normal"
  when white-cell-count > 12 10^9/L
  advice "White cell count raised"
}
`,
      "test/white-cell-count.stw",
    ),
  ]);
  const wcc = (value: number, unit: string) => ({
    setting: "inpatient",
    patient: { age: 60 },
    observations: [{ code: { system: "http://loinc.org", code: "6690-2" }, value, unit, time: "2026-11-25T06:00:00Z" }],
  });

  test("a white cell count in 10*3/uL (as Synthea and many laboratories send it) is read as the same number of 10^9/L", () => {
    expect(decide(wcc(13, "10*3/uL"), wccRules).guidelines[0]!.rulesApplied).toEqual(["raised-white-cell-count"]);
    expect(decide(wcc(11, "10*3/uL"), wccRules).guidelines[0]!.rulesApplied).toEqual([]);
    expect(decide(wcc(13, "10*9/L"), wccRules).guidelines[0]!.rulesApplied).toEqual(["raised-white-cell-count"]);
  });

  /** The Decision for a white cell count sent as a laboratory's FHIR Observation and read by fromFhir. */
  const fhirWcc = (value: number, unit: string) => {
    const read = fromFhir(
      [
        { resourceType: "Patient", id: "p", birthDate: "1966-01-01" },
        { resourceType: "Observation", id: "wcc", status: "final", subject: { reference: "Patient/p" }, code: { coding: [{ system: "http://loinc.org", code: "6690-2" }] }, effectiveDateTime: "2026-11-25T06:00:00Z", valueQuantity: { value, system: "http://unitsofmeasure.org", code: unit } },
      ],
      { now: NOW, setting: "inpatient" },
    );
    if (isLeft(read)) throw new Error(read.left.map((d) => d.message).join("; "));
    // evaluate, not evaluateJson: the units must come out of fromFhir already read
    const decision = evaluate(wccRules, read.right.context, { now: NOW });
    if (isLeft(decision)) throw new Error(decision.left.map((d) => d.message).join("; "));
    return decision.right;
  };

  test("read from a FHIR Observation, a white cell count in 10*3/uL is the same number of 10^9/L", () => {
    expect(fhirWcc(13, "10*3/uL").guidelines[0]!.rulesApplied).toEqual(["raised-white-cell-count"]);
    expect(fhirWcc(11, "10*3/uL").guidelines[0]!.rulesApplied).toEqual([]);
  });

  test("read from a FHIR Observation, a white cell count in a UCUM unit that is no cell count is sent as it is and is unknown for the rule that reads it", () => {
    const d = fhirWcc(13, "mg/dL");
    expect(d.guidelines[0]!.rulesApplied).toEqual([]);
    const entry = d.missingData.find((m) => m.data === "unit:white-cell-count:/observations/0")!;
    expect(entry.description).toContain("13 `mg/dL` (/observations/0)");
    expect(entry.neededFor.join(" ")).toContain("(rule raised-white-cell-count)");
  });

  test("temperatures in Fahrenheit are read by the IV-to-oral switch rules as the same Celsius values", () => {
    const celsius = example("21-inpatient-iv-to-oral-switch-candidate.json");
    const fahrenheit = {
      ...celsius,
      observations: (celsius["observations"] as { value: number; unit: string }[]).map((o) => (o.unit === "Cel" ? { ...o, value: Number(((o.value * 9) / 5 + 32).toFixed(2)), unit: "[degF]" } : o)),
    };
    const a = decide(celsius);
    const b = decide(fahrenheit);
    expect(b.guidelines).toEqual(a.guidelines);
    expect(b.actions).toEqual(a.actions);
  });

  test("a temperature in a unit that is not a temperature leaves only the rules that read it unknown", () => {
    const base = example("21-inpatient-iv-to-oral-switch-candidate.json");
    const observations = base["observations"] as { unit: string }[];
    const broken = { ...base, observations: observations.map((o, i) => (i === 2 ? { ...o, unit: "mg" } : o)) };
    const d = decide(broken);
    const good = decide(base);
    expect(d.guidelines.find((g) => g.id === "iv-to-oral-switch")!.rulesApplied).not.toEqual(good.guidelines.find((g) => g.id === "iv-to-oral-switch")!.rulesApplied);
    for (const id of ["coded-indication", "restricted-antimicrobials", "start-smart-then-focus"]) {
      expect(d.guidelines.find((g) => g.id === id)).toEqual(good.guidelines.find((g) => g.id === id));
    }
    const entry = d.missingData.find((m) => m.data === "unit:temperature:/observations/2")!;
    expect(entry.description).toContain("36.8 `mg` (/observations/2)");
    expect(entry.neededFor.join(" ")).toContain("(rule switch-candidate)");
  });

  test("a C-reactive protein in a unit that is not a mass concentration leaves NG109 untouched", () => {
    const base = example("02-woman-30-cystitis-egfr-40.json");
    const crp = { code: { system: "http://loinc.org", code: "1988-5" }, value: 12, unit: "mmol/L", time: "2026-11-24" };
    const withCrp = { ...base, observations: [...(base["observations"] as unknown[]), crp] };
    expect(decide(withCrp)).toEqual(decide(base));
  });
});

describe("impossible values are rejected, naming the field", () => {
  test("a birth date in 2099 (it would turn an adult into an infant)", () => {
    const context = { ...example("01-woman-30-cystitis-egfr-80.json"), patient: { birthDate: "2099-01-01", sex: "female", pregnancy: { status: "not-pregnant" } } };
    const { diagnostics } = run(context);
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/implausible-value", "/patient/birthDate"]]);
  });

  test("a weight of 0 kg", () => {
    const child = example("09-child-4-years-16kg.json");
    const { diagnostics } = run({ ...child, patient: { ...(child["patient"] as object), weight: { value: 0, unit: "kg" } } });
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/implausible-value", "/patient/weight/value"]]);
  });

  test("a negative SNOMED-coded eGFR", () => {
    const { diagnostics } = run(womanWithSnomedEgfr(-12));
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/implausible-value", "/observations/0/value"]]);
  });
});

describe("code systems under the names real systems use", () => {
  test("an amoxicillin allergy coded in dm+d under https://dmd.nhs.uk/ is matched as under https://dmd.nhs.uk", () => {
    const allergic = (system: string) => ({
      ...example("01-woman-30-cystitis-egfr-80.json"),
      allergies: [{ code: { system, code: "39732411000001106", display: "Amoxicillin 500mg capsules" }, verification: "confirmed", severity: "mild" }],
    });
    const plain = decide(allergic("https://dmd.nhs.uk"));
    const slashed = decide(allergic("https://dmd.nhs.uk/"));
    expect(slashed).toEqual(plain);
    expect(slashed.excluded.filter((x) => x.because === "allergy").map((x) => x.drug.id)).toEqual(["pivmecillinam"]);
    expect(slashed.unknownCodeSystems).toEqual([]);
  });

  test("a diagnosis coded in Read v2 is reported, not silently ignored", () => {
    const base = example("01-woman-30-cystitis-egfr-80.json");
    const d = decide({ ...base, diagnoses: [...(base["diagnoses"] as unknown[]), { code: { system: "http://read.info/readv2", code: "K190." } }] });
    expect(d.unknownCodeSystems).toEqual([{ system: "http://read.info/readv2", fields: ["/diagnoses/1/code/system"] }]);
  });
});
