// fromFhir on records mutated at random — fields deleted, replaced by any JSON, nulled, wrapped in
// arrays, entries duplicated — never throws, never mutates its (frozen) input, answers the same
// twice, and when it gives a context, the context is one the evaluator's schema accepts.
import { diagnosticCodes, PatientContextSchema } from "@steward/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromFhir } from "../src/index.js";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value !== null && typeof value === "object") return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

type Mutation = { kind: "delete" | "null" | "wrap" | "duplicate" } | { kind: "replace"; value: Json };

function mutate(root: Json, path: (string | number)[], m: Mutation): Json {
  if (path.length === 0) return m.kind === "replace" ? m.value : m.kind === "wrap" ? [root] : root;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.kind === "null") parent[last] = null;
  else if (m.kind === "wrap") parent[last] = [parent[last]!];
  else if (m.kind === "duplicate" && Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]!));
  else if (m.kind === "replace") parent[last] = m.value;
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom<Mutation>({ kind: "delete" }, { kind: "null" }, { kind: "wrap" }, { kind: "duplicate" }),
  fc.jsonValue({ maxDepth: 2 }).map((value): Mutation => ({ kind: "replace", value: value as Json })),
  fc.constantFrom("", "2026-02-30", "2026", "urn:uuid:x", "Patient/p2", "#missing", ">", "entered-in-error", "9999-12-31T23:59:59Z").map((value): Mutation => ({ kind: "replace", value })),
);

const records = ["fhir-r4/examples/Bundle-micro.json", "fhir-r4/examples/Bundle-lri-example.json", "fhir-r4/examples/MedicationRequest-medrx0302.json", "uk-core/examples-json/UKCore-Bundle-NEWS2Observations-Example.json", "fhir-r4/examples/Bundle-bundle-response-medsallergies.json", "cds-hooks/spec-examples/request-order-sign-prefetch-pagination.json"];

describe.skipIf(conformanceRoot === undefined)(`fromFhir on mutated records${corpusNote}`, () => {
  test.each(records)("%s, mutated at random, never throws and gives a valid context or diagnostics", (file) => {
    const original = corpusJson(file) as Json;
    const all = paths(original);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(all.length - 1), mutation), { minLength: 1, maxLength: 4 }), fc.constantFrom<"inpatient" | undefined>("inpatient", undefined), (steps, setting) => {
        let input = original;
        for (const [i, m] of steps) {
          const candidates = paths(input);
          input = mutate(input, candidates[i % candidates.length]!, m);
        }
        deepFreeze(input);
        const options = setting === undefined ? { now: "2026-11-25T09:00:00Z" } : { now: "2026-11-25T09:00:00Z", setting };
        const first = fromFhir(input, options);
        expect(fromFhir(input, options)).toEqual(first);
        const diagnostics = first._tag === "Left" ? first.left : first.right.diagnostics;
        for (const d of diagnostics) expect(diagnosticCodes).toContain(d.code);
        // A reader that threw would be caught and reported as a bug: there must be none.
        expect(diagnostics.filter((d) => d.message.startsWith("the input could not be read"))).toEqual([]);
        if (first._tag === "Left") expect(first.left.some((d) => d.severity === "error")).toBe(true);
        else expect(PatientContextSchema.safeParse(first.right.context).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  test("any JSON at all is read without throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = fromFhir(value, { now: "2026-11-25T09:00:00Z" });
        const diagnostics = result._tag === "Left" ? result.left : result.right.diagnostics;
        expect(diagnostics.filter((d) => d.message.startsWith("the input could not be read"))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
