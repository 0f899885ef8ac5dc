// The service against real CDS Hooks data: every complete request example of the specification,
// and the complex inpatient (HL7 FHIR R4 examples, test/fixtures) from order-select to order-sign.
import { describe, expect, test } from "vitest";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { bundledGuidelines } from "../../../test/support/guidelines.js";
import { complexInpatientCall } from "./support/inpatient.js";
import { fhirServer, startTestService, type TestService } from "./support/service.js";
import { expectValidResponse } from "./support/valid-cards.js";

const guidelines = bundledGuidelines();
type Cards = { cards: { uuid: string; summary: string; indicator: string }[] };

describe.skipIf(conformanceRoot === undefined)(`every complete request example of the CDS Hooks specification${corpusNote}`, () => {
  const examples = ["request-patient-view.json", "request-patient-view-with-extension.json", "request-order-sign-prefetch-pagination.json"].map((f) => ({ file: f, body: corpusJson(`cds-hooks/spec-examples/${f}`) as { hook: string; fhirServer?: string; prefetch?: Record<string, unknown>; context: Record<string, unknown> } }));
  const serviceOf: Record<string, string> = { "patient-view": "steward-patient-view", "order-sign": "steward-order-sign" };
  let service: TestService;
  let fhir: { url: string };

  test("as sent: each names a FHIR server this service does not use and prefetches none of its keys, so it is refused with 412 naming each key; the one without a patient is refused with 400", async () => {
    // The examples' own patient, as their FHIR server would hold it; the order-sign example's first page of orders.
    const patient = (examples[0]!.body.prefetch!["patientToGreet"] as Record<string, unknown>);
    const orders = ((examples[2]!.body.prefetch!["orders"] as { entry: { resource: Record<string, unknown> }[] }).entry).map((e) => e.resource);
    fhir = await fhirServer([patient, ...orders]);
    service = await startTestService(guidelines, { setting: "inpatient", fhirServers: [fhir.url] }, "2026-11-25T09:00:00Z");
    const statuses = await Promise.all(examples.map(async ({ body }) => {
      const { status, body: answer } = await service.call("POST", `/cds-services/${serviceOf[body.hook]!}`, body);
      return [status, (answer as { issue: { diagnostics?: string }[] }).issue.map((i) => i.diagnostics)];
    }));
    const keys = ["patient", "conditions", "allergies", "observations", "medication-requests", "medication-statements", "medication-administrations", "diagnostic-reports", "detected-issues"].map((k) => `at /prefetch/${k}`);
    expect(statuses).toEqual([[412, keys], [400, ["at /context/patientId"]], [412, keys]]);
  });

  test("with their FHIR server on loopback (the URL changed, nothing else), each is answered with cards that keep every rule", async () => {
    for (const { file, body } of examples.filter((e) => e.body.context["patientId"] !== undefined)) {
      const { status, body: answer } = await service.call("POST", `/cds-services/${serviceOf[body.hook]!}`, { ...body, fhirServer: fhir.url });
      expect([file, status]).toEqual([file, 200]);
      expectValidResponse(answer as Cards);
    }
  });
});

describe.skipIf(conformanceRoot === undefined)(`the complex inpatient, read from the HL7 FHIR R4 examples, from order-select to order-sign of a draft linezolid order${corpusNote}`, () => {
  const call = conformanceRoot === undefined ? undefined : complexInpatientCall();
  const { prefetch, context, draft } = call ?? { prefetch: {}, context: {}, draft: {} };
  let service: TestService;

  test("order-select shows the five most urgent cards, those about the draft first among equals; the acknowledged restriction alert stays hidden", async () => {
    service = await startTestService(guidelines, { mappings: call!.mappings }, call!.now);
    const { status, body } = await service.call("POST", "/cds-services/steward-order-select", { hook: "order-select", hookInstance: "0d7e3f40-3a55-4a4f-9b1a-1f6b1c2f4a01", context: { ...context, selections: ["MedicationRequest/rx-linezolid-draft"] }, prefetch });
    expect(status).toBe(200);
    expect(expectValidResponse(body as Cards).cards.map((c) => [c.indicator, c.summary])).toEqual([
      ["critical", "Staphylococcus aureus in blood culture is resistant to amoxicillin: change it"],
      ["warning", "Record a coded indication for linezolid (iv): it is reviewed at 48 to 72 hours"],
      ["warning", "Linezolid is a Reserve antibiotic: referral to the antimicrobial stewardship team has been raised"],
      ["warning", "Review Piperacillin/tazobactam 4.5 g injection (iv): overdue"],
      ["info", "Consider changing linezolid (iv) to flucloxacillin, which the culture is susceptible to"],
    ]);
  });

  test("order-sign of the same draft order does not repeat what order-select showed; it shows what was left", async () => {
    const { status, body } = await service.call("POST", "/cds-services/steward-order-sign", { hook: "order-sign", hookInstance: "0d7e3f40-3a55-4a4f-9b1a-1f6b1c2f4a02", context, prefetch });
    expect(status).toBe(200);
    expect(expectValidResponse(body as Cards).cards.map((c) => [c.indicator, c.summary])).toEqual([
      ["info", "Linezolid: the infection is one the national IVOS criteria list as needing special consideration (section 5)"],
      ["info", "Refer to the antimicrobial stewardship team: piperacillin with tazobactam is restricted by local policy"],
      ["info", "Review amoxicillin (iv): due 2026-11-25T10:00:00Z"],
      ["info", "Piperacillin with tazobactam: the infection is one the national IVOS criteria list as needing special consideration (section 5)"],
      ["info", "Amoxicillin: the infection is one the national IVOS criteria list as needing special consideration (section 5)"],
    ]);
  });

  test("order-sign of another draft order is not affected by what order-select showed for this one", async () => {
    const other = { ...draft, id: "rx-linezolid-draft-2" };
    const { body } = await service.call("POST", "/cds-services/steward-order-sign", { hook: "order-sign", hookInstance: "0d7e3f40-3a55-4a4f-9b1a-1f6b1c2f4a03", context: { ...context, draftOrders: { resourceType: "Bundle", type: "collection", entry: [{ resource: other }] } }, prefetch });
    expect(expectValidResponse(body as Cards).cards[0]!.summary).toBe("Staphylococcus aureus in blood culture is resistant to amoxicillin: change it");
  });
});
