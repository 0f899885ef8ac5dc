/** Alerts as DetectedIssues: severity from the alert's priority, the order it implicates (an order check's alert always has one), and its key to acknowledge it by. */
import type { Decision, vocabulary } from "@steward/core";
import type { DetectedIssue } from "fhir/r4.js";
import { systems } from "../codes.js";
import { resourceIds } from "./resource-id.js";
import { recordReference, type ToFhirOptions } from "./write-options.js";

/** DetectedIssue severity for each alert priority. */
const severities: Readonly<Record<vocabulary.AlertPriority, NonNullable<DetectedIssue["severity"]>>> = {
  critical: "high",
  high: "high",
  medium: "moderate",
  low: "low",
  info: "low",
};

/** One DetectedIssue per alert shown. The host records an acknowledgement as a `mitigation`, which `fromFhir` reads back. */
export function detectedIssues(decision: Decision, options: ToFhirOptions): { fullUrl: string; resource: DetectedIssue }[] {
  return decision.alerts.map((alert) => {
    const { id, fullUrl } = resourceIds("alert", { patient: options.patient, at: decision.evaluatedAt, key: alert.key });
    const implicated = [
      ...(alert.concerns?.order === undefined ? [] : [recordReference(options, "orders", alert.concerns.order.id, alert.concerns.order.name)]),
      ...(alert.concerns?.culture === undefined ? [] : [recordReference(options, "microbiology", alert.concerns.culture.id)]),
    ];
    const citation = alert.provenance.citations.find((c) => c.url !== undefined);
    const resource: DetectedIssue = {
      resourceType: "DetectedIssue",
      id,
      identifier: [{ system: systems.alertKey, value: alert.key }],
      status: "final",
      code: { text: `Antimicrobial stewardship alert${checked(alert.check)}, priority ${alert.priority}${alert.interruptive ? ", interruptive" : ""}` },
      severity: severities[alert.priority],
      patient: options.patient,
      identifiedDateTime: decision.evaluatedAt,
      ...(implicated.length === 0 ? {} : { implicated }),
      detail: alert.provenance.unverified === undefined ? alert.message : `${alert.message} (unverified: ${alert.provenance.unverified})`,
      ...(citation?.url === undefined ? {} : { reference: citation.url }),
    };
    return { fullUrl, resource };
  });
}

/** What an order check found, in the issue's name: ` (order check: contraindication nitrofurantoin-egfr-below-45)`. */
function checked(check: Decision["alerts"][number]["check"]): string {
  return check === undefined ? "" : ` (order check: ${check.kind}${check.id !== undefined ? ` ${check.id}` : ""})`;
}
