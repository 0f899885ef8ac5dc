// The service over loopback with a real HTTP client: discovery, the three hooks, feedback, security,
// errors and logs. Every card any response holds goes through the response checker.
import { describe, expect, test } from "vitest";
import { SignJWT, UnsecuredJWT } from "jose";
import { bundledGuidelines } from "../../../test/support/guidelines.js";
import { ISSUER, clientKeys, fhirServer, jwksServer, startTestService } from "./support/service.js";
import { expectValidResponse } from "./support/valid-cards.js";

const NOW = "2026-11-25T09:00:00Z";
const guidelines = bundledGuidelines();
const patientId = "pt-4471-nhs";

/** A primary-care record: a woman of 30 with cystitis, an eGFR of 80, not pregnant today, no known drug allergy. */
const woman = {
  patient: { resourceType: "Patient", id: patientId, birthDate: "1996-05-14", gender: "female" },
  conditions: { resourceType: "Bundle", type: "searchset", entry: [{ resource: { resourceType: "Condition", id: "c1", subject: { reference: `Patient/${patientId}` }, clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] }, code: { coding: [{ system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" }] }, recordedDate: "2026-11-25" } }] },
  allergies: { resourceType: "Bundle", type: "searchset", entry: [{ resource: { resourceType: "AllergyIntolerance", id: "nkda", patient: { reference: `Patient/${patientId}` }, code: { coding: [{ system: "http://snomed.info/sct", code: "409137002" }] } } }] },
  observations: {
    resourceType: "Bundle",
    type: "searchset",
    entry: [
      { resource: { resourceType: "Observation", id: "preg", status: "final", subject: { reference: `Patient/${patientId}` }, code: { coding: [{ system: "http://loinc.org", code: "82810-3" }] }, effectiveDateTime: "2026-11-25", valueCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "60001007" }] } } },
      { resource: { resourceType: "Observation", id: "egfr", status: "final", subject: { reference: `Patient/${patientId}` }, code: { coding: [{ system: "http://loinc.org", code: "33914-3" }] }, effectiveDateTime: "2026-10-01", valueQuantity: { value: 80, system: "http://unitsofmeasure.org", code: "mL/min/{1.73_m2}" } } },
    ],
  },
  "medication-requests": null,
  "medication-statements": null,
  "medication-administrations": null,
  "diagnostic-reports": null,
  "detected-issues": null,
};
const hookRequest = (hook: string, prefetch: Record<string, unknown> = woman, extra: Record<string, unknown> = {}) => ({ hook, hookInstance: `${hook}-${Math.random()}`, context: { userId: "Practitioner/gp1", patientId }, prefetch, ...extra });

const service = await startTestService(guidelines, { setting: "primary-care", corsOrigins: ["https://ehr.test.example"] }, NOW);

test("discovery lists the three services, each with the prefetch templates the guidelines need", async () => {
  const { status, body } = await service.call("GET", "/cds-services");
  expect(status).toBe(200);
  const { services } = body as { services: { hook: string; id: string; prefetch: Record<string, string> }[] };
  expect(services.map((s) => [s.hook, s.id])).toEqual([
    ["patient-view", "steward-patient-view"],
    ["order-select", "steward-order-select"],
    ["order-sign", "steward-order-sign"],
  ]);
  // The setting is configured, so no Encounter is asked for.
  expect(Object.keys(services[0]!.prefetch)).toEqual(Object.keys(woman));
});

test("patient-view gives NG109's options as a card with dm+d-coded order suggestions", async () => {
  const { status, body } = await service.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view"));
  expect(status).toBe(200);
  const { cards } = expectValidResponse(body as { cards: { summary: string; suggestions: unknown[] }[] });
  expect(cards.map((c) => c.summary)).toEqual(["First choice: nitrofurantoin or trimethoprim; second choice: nitrofurantoin, pivmecillinam or fosfomycin"]);
});

describe("security: every call needs a JWT from a registered client, signed with an asymmetric algorithm", () => {
  const path = "/cds-services/steward-patient-view";
  const post = async (authorization: string | undefined) => {
    const response = await fetch(`${service.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(authorization === undefined ? {} : { authorization }) }, body: JSON.stringify(hookRequest("patient-view")) });
    return { status: response.status, body: (await response.json()) as { resourceType: string; issue: { details: { text: string } }[] } };
  };
  const refusedWith = async (authorization: string | undefined) => {
    const { status, body } = await post(authorization);
    expect(status).toBe(401);
    expect(body.resourceType).toBe("OperationOutcome");
    return body.issue[0]!.details.text;
  };

  test("no token", async () => {
    expect(await refusedWith(undefined)).toBe("a bearer token (a JWT signed by a registered client) is required");
  });

  test("a forged token: signed with a key the client never registered", async () => {
    const forger = await clientKeys();
    const forged = await new SignJWT({ jti: "forged" }).setProtectedHeader({ alg: "ES384", typ: "JWT", kid: "test-key" }).setIssuer(ISSUER).setAudience(`${service.url}${path}`).setIssuedAt(Date.parse(NOW) / 1000).setExpirationTime(Date.parse(NOW) / 1000 + 60).sign(forger.privateKey);
    expect(await refusedWith(`Bearer ${forged}`)).toBe("the token's signature does not verify");
  });

  test("an expired token", async () => {
    const now = Date.parse(NOW) / 1000;
    expect(await refusedWith(`Bearer ${await service.token(path, { iat: now - 600, exp: now - 300 })}`)).toBe("the token has expired");
  });

  test("a token for another audience", async () => {
    expect(await refusedWith(`Bearer ${await service.token("/cds-services/steward-order-sign")}`)).toBe("the token's `aud` is not this service's URL");
  });

  test("alg none", async () => {
    const unsigned = new UnsecuredJWT({ jti: "none" }).setIssuer(ISSUER).setAudience(`${service.url}${path}`).setIssuedAt().setExpirationTime("2m").encode();
    expect(await refusedWith(`Bearer ${unsigned}`)).toBe("tokens signed with `none` are refused: only asymmetric algorithms are accepted (ES384 or RS384 recommended)");
  });

  test("HMAC (HS256), even keyed with the client's public key", async () => {
    const secret = new TextEncoder().encode(JSON.stringify(await clientKeys().then((k) => k.jwk)));
    const hmac = await new SignJWT({ jti: "hmac" }).setProtectedHeader({ alg: "HS256", typ: "JWT", kid: "test-key" }).setIssuer(ISSUER).setAudience(`${service.url}${path}`).setIssuedAt().setExpirationTime("2m").sign(secret);
    expect(await refusedWith(`Bearer ${hmac}`)).toBe("tokens signed with `HS256` are refused: only asymmetric algorithms are accepted (ES384 or RS384 recommended)");
  });

  test("a replayed token: accepted once, refused the second time", async () => {
    const token = await service.token(path);
    expect((await post(`Bearer ${token}`)).status).toBe(200);
    expect(await refusedWith(`Bearer ${token}`)).toBe("the token has been used before (its `jti` was seen)");
  });

  test("an unregistered issuer, a jku not on the issuer's list, and a token that lives too long", async () => {
    expect(await refusedWith(`Bearer ${await service.token(path, { iss: "https://elsewhere.example" })}`)).toBe("the token's issuer is not a registered client");
    expect(await refusedWith(`Bearer ${await service.token(path, {}, { jku: "https://attacker.example/jwks.json" })}`)).toBe("the token's `jku` is not one this issuer is registered with");
    const now = Date.parse(NOW) / 1000;
    expect(await refusedWith(`Bearer ${await service.token(path, { iat: now, exp: now + 3600 })}`)).toBe("the token lives longer than the 300 seconds allowed");
  });

  test("a client whose keys are at a jku on its list (RS384) is accepted", async () => {
    const keys = await clientKeys("RS384", "rsa-1");
    const jku = await jwksServer([keys.jwk]);
    const other = await startTestService(guidelines, { setting: "primary-care", clients: [{ iss: ISSUER, jku: [jku] }] }, NOW, keys);
    const token = await other.token(path, {}, { jku });
    const response = await fetch(`${other.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(hookRequest("patient-view")) });
    expect(response.status).toBe(200);
    expectValidResponse((await response.json()) as { cards: unknown[] });
  });
});

describe("prefetch", () => {
  test("a key left out, with no FHIR server to fetch it from, is refused with 412 naming it", async () => {
    const { conditions: _, ...withoutConditions } = woman;
    void _;
    const { status, body } = await service.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view", withoutConditions));
    expect(status).toBe(412);
    expect(body).toEqual({
      resourceType: "OperationOutcome",
      issue: [{ severity: "error", code: "not-found", details: { text: "prefetch key `conditions` (Condition?patient={{context.patientId}}) is missing and cannot be fetched: the request names no FHIR server to fetch it from" }, diagnostics: "at /prefetch/conditions" }],
    });
  });

  test("a key left out is fetched from the client's FHIR server with its access token, when the service may use that server", async () => {
    const fhir = await fhirServer([woman.conditions.entry[0]!.resource], "fhir-token-1");
    const other = await startTestService(guidelines, { setting: "primary-care", fhirServers: [fhir.url] }, NOW);
    const { conditions: _, ...withoutConditions } = woman;
    void _;
    const authorization = { access_token: "fhir-token-1", token_type: "Bearer", expires_in: 300, scope: "user/Condition.read", subject: "steward" };
    const { status, body } = await other.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view", withoutConditions, { fhirServer: fhir.url, fhirAuthorization: authorization }));
    expect(status).toBe(200);
    expect(fhir.seen).toEqual([{ url: `/Condition?patient=${patientId}`, authorization: "Bearer fhir-token-1" }]);
    expect(expectValidResponse(body as { cards: { summary: string }[] }).cards[0]!.summary).toMatch(/^First choice: nitrofurantoin/);
    // A server the configuration does not list is never asked.
    const refused = await service.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view", withoutConditions, { fhirServer: fhir.url, fhirAuthorization: authorization }));
    expect(refused.status).toBe(412);
    expect(fhir.seen).toHaveLength(1);
  });

  test("a search result with further pages on the client's server is read to its end", async () => {
    const [preg, egfr] = woman.observations.entry.map((e) => e.resource);
    const fhir = await fhirServer([preg!, egfr!]);
    const other = await startTestService(guidelines, { setting: "primary-care", fhirServers: [fhir.url] }, NOW);
    const firstPage = { resourceType: "Bundle", type: "searchset", total: 2, link: [{ relation: "next", url: `${fhir.url}/Observation?patient=${patientId}&_count=1&_page=2` }], entry: [{ resource: preg }] };
    const { body } = await other.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view", { ...woman, observations: firstPage }, { fhirServer: fhir.url }));
    // With the eGFR of page 2 read, nitrofurantoin is offered; without it, it would be withheld.
    expect(expectValidResponse(body as { cards: { summary: string }[] }).cards[0]!.summary).toBe("First choice: nitrofurantoin or trimethoprim; second choice: nitrofurantoin, pivmecillinam or fosfomycin");
    expect(fhir.seen.map((s) => s.url)).toEqual([`/Observation?patient=${patientId}&_count=1&_page=2`]);
  });

  test("a key holding an OperationOutcome leaves that data unknown; a key holding null says there is none", async () => {
    const failed = { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "timeout", diagnostics: "the laboratory system did not answer" }] };
    const { status, body } = await service.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view", { ...woman, observations: failed }));
    expect(status).toBe(200);
    const { cards } = expectValidResponse(body as { cards: { summary: string; detail: string }[] });
    // Without the observations, pregnancy status is unknown: NG109's rule for non-pregnant women waits for it, it does not guess.
    expect(cards.map((c) => c.summary)).toEqual(["To decide, record: pregnancy status"]);
    expect(cards[0]!.detail).toContain("- pregnancy status");
    const none = await service.call("POST", "/cds-services/steward-patient-view", hookRequest("patient-view", { ...woman, allergies: null }));
    expect(expectValidResponse(none.body as { cards: { summary: string }[] }).cards[0]!.summary).toMatch(/^First choice: nitrofurantoin/);
  });
});

describe("feedback", () => {
  test("is stored, turns into acknowledged alerts for the patient's next call, and is counted in the override rates", async () => {
    const order = { resourceType: "MedicationRequest", id: "rx-amox", status: "draft", intent: "order", subject: { reference: `Patient/${patientId}` }, medicationCodeableConcept: { coding: [{ system: "https://dmd.nhs.uk", code: "39732411000001106", display: "Amoxicillin 500mg capsules" }] }, dosageInstruction: [{ route: { coding: [{ system: "http://snomed.info/sct", code: "26643006" }] } }] };
    const draftOrders = { resourceType: "Bundle", type: "collection", entry: [{ resource: order }] };
    const noDiagnosis = { ...woman, conditions: null };
    const sign = () => service.call("POST", "/cds-services/steward-order-sign", hookRequest("order-sign", noDiagnosis, { context: { patientId, userId: "Practitioner/gp1", draftOrders } }));
    const first = expectValidResponse((await sign()).body as { cards: { uuid: string; summary: string; indicator: string }[] });
    const coded = first.cards.find((c) => c.summary.startsWith("Code the diagnosis for amoxicillin"))!;
    // A high alert, and the one the alert policy lets interrupt: a critical card.
    expect(coded.indicator).toBe("critical");
    const reason = { system: "https://steward.dev/fhir/CodeSystem/override-reason", code: "diagnosis-recorded-elsewhere", display: "Diagnosis recorded elsewhere" };
    const feedback = await service.call("POST", "/cds-services/steward-order-sign/feedback", { feedback: [{ card: coded.uuid, outcome: "overridden", overrideReason: { reason, userComment: "coded in the consultation" }, outcomeTimestamp: "2026-11-25T08:59:00Z" }] });
    expect(feedback.status).toBe(200);
    const second = expectValidResponse((await sign()).body as { cards: { summary: string }[] });
    expect(second.cards.map((c) => c.summary)).not.toContain(coded.summary);
    const rates = await service.call("GET", "/steward/override-rates");
    expect((rates.body as { rates: unknown[] }).rates).toContainEqual({ guideline: "coded-indication", version: "1.0.0", rule: "diagnosis-before-prescription", shown: 1, accepted: 0, overridden: 1, overrideRate: 1, reasons: [{ ...reason, count: 1 }] });
    expect(service.store.overrideRates()).toEqual((rates.body as { rates: unknown[] }).rates);
  });

  test("a body that breaks the specification's rules is refused with each problem named", async () => {
    const { status, body } = await service.call("POST", "/cds-services/steward-order-sign/feedback", { feedback: [{ card: "x", outcome: "accepted", outcomeTimestamp: "yesterday" }] });
    expect(status).toBe(400);
    expect((body as { issue: { diagnostics: string }[] }).issue.map((i) => i.diagnostics)).toEqual(["at /feedback/0/outcomeTimestamp", "at /feedback/0/acceptedSuggestions"]);
  });
});

describe("HTTP", () => {
  test("CORS: a browser client of a listed origin is allowed its preflight; another origin is not", async () => {
    const preflight = (origin: string) => fetch(`${service.url}/cds-services/steward-patient-view`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } });
    const allowed = await preflight("https://ehr.test.example");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://ehr.test.example");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type");
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });

  test("errors are OperationOutcomes: an unknown service, a body that is not JSON, a body over the limit, a request that breaks the hook's rules", async () => {
    const outcome = (body: unknown) => (body as { resourceType: string; issue: { details: { text: string } }[] }).issue.map((i) => i.details.text);
    const unknown = await service.call("POST", "/cds-services/nothing-here", hookRequest("patient-view"));
    expect([unknown.status, outcome(unknown.body)]).toEqual([404, ["there is no service `nothing-here`"]]);
    const notJson = await service.call("POST", "/cds-services/steward-patient-view", "{ not json");
    expect([notJson.status, outcome(notJson.body)]).toEqual([400, ["the body is not valid JSON"]]);
    const huge = await service.call("POST", "/cds-services/steward-patient-view", JSON.stringify({ padding: "x".repeat(6 * 1024 * 1024) }));
    expect([huge.status, outcome(huge.body)]).toEqual([413, ["the body is larger than the 5242880 bytes the service accepts"]]);
    const wrongHook = await service.call("POST", "/cds-services/steward-order-select", hookRequest("patient-view"));
    expect(wrongHook.status).toBe(400);
    expect(outcome(wrongHook.body)).toContain("this service answers `order-select`, not `patient-view`");
  });

  test("the log is one JSON object a line, with no token, no access token and no patient identifier", () => {
    const text = service.logs.join("");
    expect(service.logs.length).toBeGreaterThan(10);
    for (const line of service.logs) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(text).not.toContain(patientId);
    expect(text).not.toContain("fhir-token-1");
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(text).not.toContain("Bearer ");
    expect(service.logs.map((l) => JSON.parse(l) as { msg: string; route?: string }).filter((l) => l.msg === "request").map((l) => l.route)).toContain("/cds-services/:id");
  });
});
