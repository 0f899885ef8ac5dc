import { describe, expect, test } from "vitest";
import { fromFhir, sourceOfFact } from "../src/index.js";
import { corpusFiles, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { NOW } from "./support.js";

/** The value at a JSON pointer, or undefined. */
function at(value: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((v, step) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[step] : undefined), value);
}

const records = [...corpusFiles("synthea"), "fhir-r4/examples/Bundle-micro.json", "fhir-r4/examples/Bundle-lri-example.json", "uk-core/examples-json/UKCore-Bundle-NEWS2Observations-Example.json"].filter((f) => f.endsWith(".json"));

describe(`provenance${corpusNote}`, () => {
  test.skipIf(records.length === 0).each(records)("every fact of %s names a resource and a field that exist in the input, and every list item has a source", (file) => {
    const input = corpusJson(file);
    const result = fromFhir(input, { now: NOW, setting: "primary-care" });
    if (result._tag === "Left") throw new Error("refused");
    const { context, provenance } = result.right;
    for (const p of provenance) {
      expect(at(context, p.fact), p.fact).toBeDefined();
      const resource = at(input, p.pointer.split("/").slice(0, p.pointer.split("/").indexOf("resource") + 1).join("/") || p.pointer) as { resourceType?: string; id?: string };
      expect(at(input, p.pointer), `${p.fact} ← ${p.pointer}`).toBeDefined();
      if (p.pointer.includes("/resource")) expect([resource.resourceType, resource.id]).toEqual([p.resourceType, p.id]);
    }
    for (const list of ["diagnoses", "allergies", "observations", "orders", "medicationHistory", "microbiology"] as const) {
      (context[list] ?? []).forEach((_, i) => expect(sourceOfFact(provenance, `/${list}/${i}/code`)?.fact, `${list}/${i}`).toBe(`/${list}/${i}`));
    }
  });
});
