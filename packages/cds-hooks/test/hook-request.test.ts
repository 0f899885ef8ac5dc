import { describe, expect, test } from "vitest";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { missingPrefetch, parseHookRequest, readHookRequest } from "../src/index.js";

const NOW = "2026-11-25T09:00:00Z";
const base = { hook: "patient-view", hookInstance: "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", context: { patientId: "p1" } };

describe("parseHookRequest", () => {
  test("names each problem by its JSON pointer, and refuses the request whole", () => {
    const result = parseHookRequest({ ...base, hookInstance: 7, fhirServer: "not a url" }, "patient-view");
    expect(result._tag === "Left" && result.left.map((p) => p.pointer)).toEqual(["/hookInstance", "/fhirServer"]);
  });

  test("each hook's required context fields, the hook the service answers, and an access token's server (cds-r-1) are checked", () => {
    const problems = (body: unknown, hook: "patient-view" | "order-select" | "order-sign") => {
      const r = parseHookRequest(body, hook);
      return r._tag === "Left" ? r.left.map((p) => `${p.pointer}: ${p.message}`) : [];
    };
    expect(problems(base, "order-select")).toEqual([
      "/hook: this service answers `order-select`, not `patient-view`",
      "/context/draftOrders: `order-select` requires `context.draftOrders`",
      "/context/selections: `order-select` requires `context.selections`",
    ]);
    expect(problems({ ...base, fhirAuthorization: { access_token: "t", token_type: "Bearer", expires_in: 300, scope: "user/Patient.read", subject: "s" } }, "patient-view")).toEqual(["/fhirServer: `fhirServer` is required when `fhirAuthorization` is given"]);
    const drafts = { resourceType: "Bundle", type: "collection", entry: [{ resource: { resourceType: "MedicationRequest", id: "rx1" } }] };
    expect(problems({ ...base, hook: "order-select", context: { patientId: "p1", draftOrders: drafts, selections: ["MedicationRequest/rx2"] } }, "order-select")).toEqual(["/context/selections/0: `MedicationRequest/rx2` is not one of the draft orders"]);
  });

  test("unknown fields and extensions are kept, as the specification allows", () => {
    const r = parseHookRequest({ ...base, extension: { "org.example.x": 1 }, somethingNew: true }, "patient-view");
    expect(r._tag).toBe("Right");
  });
});

describe.skipIf(conformanceRoot === undefined)(`reading the order-select context example of the CDS Hooks library${corpusNote}`, () => {
  const { context } = corpusJson("cds-hooks/hook-examples/hook-order-select-context-r4.json") as { context: Record<string, unknown> };
  const request = { hook: "order-select", hookInstance: "h", context, prefetch: { patient: { resourceType: "Patient", id: "1288992", gender: "female", birthDate: "1980-01-01" } } };

  test("its draft orders and selections are read; its RxNorm-coded draft leaves the orders unknown rather than guessed", () => {
    const parsed = parseHookRequest(request, "order-select");
    if (parsed._tag === "Left") throw new Error(JSON.stringify(parsed.left));
    const read = readHookRequest(parsed.right, { now: NOW, templates: { patient: "Patient/{{context.patientId}}" }, setting: "primary-care" });
    if (read._tag === "Left") throw new Error(JSON.stringify(read.left));
    expect(read.right.draftOrders).toEqual(["pureeddiet-simple", "smart-MedicationRequest-103"]);
    expect(read.right.selections).toEqual(["pureeddiet-simple", "smart-MedicationRequest-103"]);
    expect(read.right.diagnostics.map((d) => d.code)).toContain("fhir/unmapped-code");
  });

  test("the prefetch keys the request leaves out are those whose query its context can fill", () => {
    const parsed = parseHookRequest(request, "order-select");
    if (parsed._tag === "Left") throw new Error("refused");
    expect(missingPrefetch(parsed.right, { patient: "Patient/{{context.patientId}}", encounter: "Encounter/{{context.encounterId}}", conditions: "Condition?patient={{context.patientId}}" })).toEqual([
      { key: "encounter", query: "Encounter/89284" },
      { key: "conditions", query: "Condition?patient=1288992" },
    ]);
  });
});

test("a prefetch key the service did not ask for is not read", () => {
  const parsed = parseHookRequest({ ...base, prefetch: { patient: { resourceType: "Patient", id: "p1", gender: "male" }, other: { resourceType: "Condition", id: "c", subject: { reference: "Patient/p1" }, code: { coding: [{ system: "http://snomed.info/sct", code: "38822007" }] } } } }, "patient-view");
  if (parsed._tag === "Left") throw new Error("refused");
  const read = readHookRequest(parsed.right, { now: NOW, templates: { patient: "Patient/{{context.patientId}}" }, setting: "primary-care" });
  expect(read._tag === "Right" && read.right.context.diagnoses).toBeUndefined();
});

test("a prefetched record about another patient than the hook names is refused", () => {
  const parsed = parseHookRequest({ ...base, prefetch: { patient: { resourceType: "Patient", id: "someone-else", gender: "male" } } }, "patient-view");
  if (parsed._tag === "Left") throw new Error("refused");
  const read = readHookRequest(parsed.right, { now: NOW, templates: { patient: "Patient/{{context.patientId}}" }, setting: "primary-care" });
  expect(read._tag === "Left" && read.left.map((d) => [d.code, d.message])).toEqual([["fhir/other-patient", "the prefetched record is about Patient/someone-else, but the hook's context names Patient/p1"]]);
});
