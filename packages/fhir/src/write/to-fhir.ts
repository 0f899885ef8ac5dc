/** `toFhir`: a Decision as FHIR R4 resources, in a collection Bundle a host can store or send. */
import { formatInstant, parseInstant, vocabulary, type Decision } from "@steward/core";
import type { Bundle, FhirResource } from "fhir/r4.js";
import { auditEvent } from "./audit-event.js";
import { leafletRequests } from "./communication-request.js";
import { detectedIssues } from "./detected-issue.js";
import { proposals } from "./medication-request.js";
import { serviceRequests } from "./service-request.js";
import { tasks } from "./task.js";
import type { ToFhirOptions } from "./write-options.js";

/**
 * Writes a Decision as FHIR R4 resources: MedicationRequest proposals for the treatment options,
 * DetectedIssues for alerts, ServiceRequests for referrals, Tasks for reviews and suggestions,
 * CommunicationRequests for leaflets, and an AuditEvent recording the guidelines and rules behind it.
 */
export function toFhir(decision: Decision, options: ToFhirOptions): Bundle<FhirResource> {
  const strategies = decision.strategies.map((s) => {
    const delay = s.delay === undefined ? "" : `, delayed ${s.delay.value} ${s.delay.unit}`;
    return `${vocabulary.strategies.find((w) => w.word === s.kind)!.description}${delay}${s.advice === undefined ? "" : `: ${s.advice}`}`;
  });
  const entries = [
    ...proposals(decision, options, strategies),
    ...detectedIssues(decision, options),
    ...serviceRequests(decision, options),
    ...tasks(decision, options),
    ...leafletRequests(decision, options),
    auditEvent(decision, options),
  ];
  return { resourceType: "Bundle", type: "collection", timestamp: formatInstant(parseInstant(decision.evaluatedAt)), entry: entries.map(({ fullUrl, resource }) => ({ fullUrl, resource })) };
}
