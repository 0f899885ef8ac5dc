// The complex inpatient (examples/patients/20-inpatient-sepsis-complex.json, translated from the HL7
// FHIR R4 examples) against every bundled guideline: what a ward pharmacist would check on the
// Decision — one interruptive alert, nothing said twice, an acknowledged alert held back, referrals
// to the AMS team, the overdue 48–72 hour review, the de-escalation to a drug given by the course's
// route, the bloodstream infection left to specialist advice, and a Decision that validates
// against the published schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { isLeft } from "fp-ts/lib/Either.js";
import { evaluate, type Decision } from "@steward/core";
import { validateDecision } from "@steward/json";
import { repoRoot as root } from "./support/conformance.js";
import { evaluatorOf, bundledGuidelines } from "./support/guidelines.js";

const NOW = "2026-11-25T09:00:00Z";

const guidelines = bundledGuidelines();
const context = JSON.parse(readFileSync(join(root, "examples/patients/20-inpatient-sepsis-complex.json"), "utf8")) as unknown;

const evaluator = evaluatorOf(guidelines);

function decide(c: unknown = context): Decision {
  const result = evaluate(evaluator, c, { now: NOW });
  if (isLeft(result)) throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

const decision = decide();

describe("the complex inpatient against every bundled guideline", () => {
  test("every bundled guideline is listed; all but those whose settings leave out the ward (NG120 acute cough, NG79 sinusitis, NG84 sore throat, NG91 otitis media) apply there", () => {
    expect(decision.guidelines.map((g) => g.id)).toEqual(guidelines.map((g) => g.guideline.id).sort());
    expect(decision.guidelines.filter((g) => !g.applies).map((g) => g.id)).toEqual(["ng120-cough", "ng79-sinusitis", "ng84-sore-throat", "ng91-otitis-media"]);
    expect(decision.guidelines.find((g) => g.id === "ng109-lower-uti")!.rulesApplied).toEqual([]);
  });

  test("NICE NG138 recognises the community-acquired pneumonia and, the IV amoxicillin being for it, asks for that course to be reviewed rather than another started", () => {
    expect(decision.guidelines.find((g) => g.id === "ng138-pneumonia")!.rulesApplied).toEqual(["current-course-review"]);
    expect(decision.treatments).toEqual([]);
    expect(decision.unrecognisedDiagnoses).toEqual([]);
  });

  test("exactly one alert interrupts: the critical resistance of the blood culture's organism to the IV amoxicillin", () => {
    const interruptive = decision.alerts.filter((a) => a.interruptive);
    expect(interruptive.map((a) => [a.priority, a.key])).toEqual([["critical", "organism-resistant@rx-amoxicillin-iv+f202"]]);
    expect(interruptive[0]!.message).toBe("Staphylococcus aureus in the blood culture is resistant to amoxicillin: change the antibiotic");
    expect(interruptive[0]!.concerns).toMatchObject({ order: { id: "rx-amoxicillin-iv", drug: "amoxicillin" }, culture: { id: "f202", specimen: "blood" } });
  });

  test("every alert is about one order and is raised once; the most urgent comes first", () => {
    const keys = decision.alerts.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(["organism-resistant@rx-amoxicillin-iv+f202", "indication-required@rx-linezolid-draft", "reserve-antibiotic@rx-linezolid-draft"]);
    expect(decision.alerts.slice(1).every((a) => !a.interruptive && a.priority === "high")).toBe(true);
  });

  test("the restricted-antimicrobial alert about piperacillin-tazobactam, acknowledged an hour ago, is held back and said so", () => {
    expect(decision.alerts.some((a) => a.key.startsWith("restricted-antimicrobial@medrx0319"))).toBe(false);
    expect(decision.suppressedAlerts.map((a) => [a.key, a.reason])).toEqual([["restricted-antimicrobial@medrx0319", expect.stringContaining("acknowledged")]]);
  });

  test("linezolid (Reserve) and piperacillin-tazobactam (restricted locally) are each referred to the AMS team, even with the alert acknowledged", () => {
    const referrals = decision.actions.filter((a) => a.kind === "refer");
    expect(referrals.map((a) => [a.to, a.concerns?.order?.id])).toEqual([
      ["ams-team", "rx-linezolid-draft"],
      ["ams-team", "medrx0319"],
    ]);
  });

  test("the piperacillin-tazobactam course, started 73 hours ago and never reviewed, is overdue for its 48–72 hour review; the IV-to-oral switch is left to specialist advice (a bloodstream infection)", () => {
    const reviews = decision.actions.filter((a) => a.kind === "review" && a.concerns?.order?.id === "medrx0319");
    expect(reviews.map((a) => a.provenance.guideline)).toEqual(["start-smart-then-focus"]);
    expect(reviews[0]).toMatchObject({ status: "overdue", overdue: true, overdueAt: "2026-11-25T08:00:00Z", outcomes: ["stop", "switch-to-oral", "change", "continue", "opat"] });
    expect(decision.actions.filter((a) => a.kind === "switch-to-oral")).toEqual([]);
    expect(decision.advice.map((a) => a.text)).toContain("piperacillin with tazobactam: the infection is one the national IVOS criteria list as needing special consideration (section 5): switch to oral only on infection specialist advice");
  });

  // Doxycycline, which the culture is also susceptible to, is oral only: never a step down for an IV course of a bacteraemia.
  test("the draft linezolid order is suggested flucloxacillin, the Access drug the culture is susceptible to that is given IV, and its missing start time is asked for", () => {
    const deEscalate = decision.actions.filter((a) => a.kind === "de-escalate");
    expect(deEscalate).toHaveLength(1);
    expect(deEscalate[0]).toMatchObject({ concerns: { order: { id: "rx-linezolid-draft" } }, to: [{ id: "flucloxacillin" }] });
    expect(decision.missingData.map((m) => m.data)).toEqual(["order:rx-linezolid-draft:start"]);
  });

  test("every alert and action names the guideline, version, content hash and a citation", () => {
    for (const item of [...decision.alerts, ...decision.actions]) {
      expect(item.provenance.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(item.provenance.citations.length).toBeGreaterThan(0);
    }
  });

  test("the Decision validates against the published JSON Schema", () => {
    const validated = validateDecision(JSON.parse(JSON.stringify(decision)));
    expect(isLeft(validated) ? validated.left.map((d) => d.message) : []).toEqual([]);
  });

  test("after the acknowledgement window of 24 hours the restricted-antimicrobial alert is back, and still only one alert interrupts", () => {
    const later = { ...(context as object), acknowledgedAlerts: [{ key: "restricted-antimicrobial@medrx0319", at: "2026-11-24T08:00:00Z" }] };
    const d = decide(later);
    expect(d.suppressedAlerts).toEqual([]);
    expect(d.alerts.map((a) => a.key)).toContain("restricted-antimicrobial@medrx0319");
    expect(d.alerts.filter((a) => a.interruptive)).toHaveLength(1);
  });
});
