import { describe, expect, test } from "vitest";
import { defaultMappings, fromFhir, type FromFhirOptions } from "../src/index.js";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { located, NOW, readOk, snomed, subject } from "./support.js";

const acme = "http://acme.org/lab/codes/tests";

describe.skipIf(conformanceRoot === undefined)(`the HL7 microbiology examples${corpusNote}`, () => {
  const read = (file: string, options: Partial<FromFhirOptions> = {}) => {
    const result = fromFhir(corpusJson(`fhir-r4/examples/${file}`), { now: NOW, setting: "inpatient", ...options });
    if (result._tag === "Left") throw new Error("refused");
    return result.right;
  };

  test("Bundle micro: the 19 results of its nested hasMember panels (18 by MIC, oxacillin again by disk) with S/R from their interpretation", () => {
    const r = read("Bundle-micro.json");
    const [culture] = r.context.microbiology!;
    expect(culture!.susceptibilities!.map((s) => `${s.drug.display} ${s.result}`)).toEqual([
      "Ampicillin resistant",
      "Cefazolin susceptible",
      "Cefoxitin susceptible",
      "Clindamycin susceptible",
      "Daptomycin susceptible",
      "Doxycycline susceptible",
      "Erythromycin resistant",
      "Gentamicin susceptible",
      "Levofloxacin susceptible",
      "Linezolid susceptible",
      "Moxifloxacin susceptible",
      "Oxacillin susceptible",
      "Penicillin resistant",
      "Quinupristin/Dalfopristin susceptible",
      "Rifampin susceptible",
      "Tetracycline susceptible",
      "Trimethoprim/Sulfamethoxazole susceptible",
      "Vancomycin susceptible",
      "Oxacillin susceptible",
    ]);
    expect(r.provenance.find((p) => p.fact === "/microbiology/0/susceptibilities/18")).toMatchObject({ resourceType: "Observation", id: "obx3-1" });
  });

  test("Bundle micro with the default tables: the laboratory's own organism and antibiotic codes and the MRSA screen's specimen are reported, never guessed", () => {
    const r = read("Bundle-micro.json");
    expect(r.context.microbiology).toMatchObject([{ id: "micro", specimen: "other", status: "final", reported: "2009-08-10T08:25:44+10:00" }]);
    expect(r.context.microbiology![0]!.organism).toBeUndefined();
    expect(r.context.microbiology![0]!.susceptibilities!.every((s) => s.drug.id === undefined)).toBe(true);
    const codes = located(r.diagnostics).filter((l) => !l.startsWith("fhir/unmapped-code Observation"));
    expect(codes).toEqual(["fhir/unmapped-code DiagnosticReport/micro /entry/0/resource/code", "fhir/invalid-resource DiagnosticReport/micro /entry/0/resource/result", "fhir/not-read ServiceRequest/req /entry/26/resource"]);
  });

  test("Bundle micro with the laboratory's codes mapped by the host: Staphylococcus aureus, and formulary drugs for the antibiotics it names", () => {
    const r = read("Bundle-micro.json", {
      mappings: {
        organismResults: [...defaultMappings.organismResults, { system: acme, code: "ORGANISM", means: true, source: "the laboratory's result code for the organism" }],
        organisms: [{ system: "http://acme.org/lab/codes/organisms", code: "Staaur", means: { system: "http://snomed.info/sct", code: "3092008", display: "Staphylococcus aureus" }, source: "the laboratory's organism code" }],
        laboratoryAntibiotics: [...defaultMappings.laboratoryAntibiotics, { system: acme, code: "60532", means: "doxycycline", source: "the laboratory's code" }, { system: acme, code: "60563", means: "vancomycin", source: "the laboratory's code" }],
      },
    });
    const [culture] = r.context.microbiology!;
    expect(culture!.organism).toEqual({ system: "http://snomed.info/sct", code: "3092008", display: "Staphylococcus aureus" });
    expect(culture!.susceptibilities!.filter((s) => s.drug.id !== undefined).map((s) => [s.drug.id, s.result])).toEqual([
      ["doxycycline", "susceptible"],
      ["vancomycin", "susceptible"],
    ]);
    expect(r.provenance.find((p) => p.fact === "/microbiology/0/organism")).toMatchObject({ resourceType: "Observation", id: "obx1-4" });
  });

  test("the sputum culture with three isolates is three cultures, each with its own results; the growth of each isolate is not a fourth", () => {
    const r = read("Bundle-lri-example.json");
    expect(r.context.microbiology!.map((c) => [c.id, c.specimen, c.organism?.code, c.susceptibilities!.map((s) => `${s.drug.id ?? s.drug.code?.code} ${s.result}`)])).toEqual([
      ["lri-example/organism1", "sputum", "23506009", []],
      ["lri-example/organism2", "sputum", "56415008", ["28-1 susceptible", "ciprofloxacin susceptible", "gentamicin susceptible"]],
      ["lri-example/organism3", "sputum", "3092008", ["28-1 susceptible", "ciprofloxacin susceptible", "gentamicin susceptible"]],
    ]);
  });
});

describe("cultures, as they stood at now", () => {
  const organism = { resourceType: "Observation", id: "org", status: "final", code: { coding: [{ system: "http://loinc.org", code: "630-4" }] }, subject, valueCodeableConcept: snomed("112283007", "Escherichia coli"), hasMember: [{ reference: "Observation/nit" }] };
  const nitrofurantoin = { resourceType: "Observation", id: "nit", status: "final", code: { coding: [{ system: "http://loinc.org", code: "18955-5" }] }, subject, interpretation: [snomed("131196009")] };
  const report = (issued: string) => ({ resourceType: "DiagnosticReport", id: "urine", status: "final", code: { coding: [{ system: "http://loinc.org", code: "630-4" }] }, subject, effectiveDateTime: "2026-11-22T10:00:00Z", issued, result: [{ reference: "Observation/org" }] });

  test("a urine culture reported by now: E. coli, susceptible to nitrofurantoin, collected and reported times", () => {
    expect(readOk([report("2026-11-24T09:00:00Z"), organism, nitrofurantoin]).context.microbiology).toEqual([
      {
        id: "urine",
        specimen: "urine",
        status: "final",
        collected: "2026-11-22T10:00:00Z",
        reported: "2026-11-24T09:00:00Z",
        organism: { system: "http://snomed.info/sct", code: "112283007", display: "Escherichia coli" },
        susceptibilities: [{ drug: { id: "nitrofurantoin", code: { system: "http://loinc.org", code: "18955-5" } }, result: "susceptible" }],
      },
    ]);
  });

  test("a culture reported after now was still pending then: no organism, no results", () => {
    expect(readOk([report("2026-11-26T09:00:00Z"), organism, nitrofurantoin]).context.microbiology).toEqual([{ id: "urine", specimen: "urine", status: "pending", collected: "2026-11-22T10:00:00Z", susceptibilities: [] }]);
  });

  test("a result that is not in the input is reported; panels that refer to each other are read once", () => {
    const looping = { ...organism, hasMember: [{ reference: "Observation/nit" }, { reference: "Observation/org" }, { reference: "Observation/gone" }] };
    const r = readOk([report("2026-11-24T09:00:00Z"), looping, nitrofurantoin]);
    expect(r.context.microbiology![0]!.susceptibilities).toHaveLength(1);
    expect(located(r.diagnostics)).toEqual(["fhir/unresolved-reference Observation/org /2/hasMember/2"]);
  });
});
