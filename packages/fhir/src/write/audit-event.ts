/** The audit record of a Decision, shaped as an AuditEvent: each guideline evaluated with its version, content hash and the rules that fired. */
import { formatInstant, parseInstant, type Decision } from "@steward/core";
import type { AuditEvent, AuditEventEntity } from "fhir/r4.js";
import { resourceIds } from "./resource-id.js";
import type { ToFhirOptions } from "./write-options.js";

/** Steward's own code system for the kind of event it records. */
const eventType = { system: "https://steward.dev/fhir/CodeSystem/audit-event", code: "decision", display: "Antimicrobial stewardship decision" };
/** Steward's own identifier system for guidelines (the guideline's id). */
const guidelineSystem = "https://steward.dev/fhir/guideline";

/** The AuditEvent of one Decision. */
export function auditEvent(decision: Decision, options: ToFhirOptions): { fullUrl: string; resource: AuditEvent } {
  const { id, fullUrl } = resourceIds("audit", { patient: options.patient, at: decision.evaluatedAt, guidelines: decision.guidelines.map((g) => g.contentHash) });
  const guidelines = decision.guidelines.map(
    (g): AuditEventEntity => ({
      what: { identifier: { system: guidelineSystem, value: g.id }, display: g.title },
      name: g.title,
      description: g.applies ? `applies; rules applied: ${g.rulesApplied.length === 0 ? "none" : g.rulesApplied.join(", ")}` : "does not apply in this care setting",
      detail: [
        { type: "version", valueString: g.version },
        { type: "status", valueString: g.status },
        { type: "contentHash", valueString: g.contentHash },
        // FHIR strings are never empty: a guideline with no rule applied has no rules detail.
        ...g.rulesApplied.map((rule) => ({ type: "ruleApplied", valueString: rule })),
      ],
    }),
  );
  const resource: AuditEvent = {
    resourceType: "AuditEvent",
    id,
    type: eventType,
    action: "E",
    // FHIR instants carry seconds; the Decision's time may not.
    recorded: formatInstant(parseInstant(decision.evaluatedAt)),
    outcome: "0",
    agent: [{ who: { display: "Steward" }, requestor: false }],
    source: { observer: { display: "Steward" } },
    entity: [{ what: options.patient }, ...guidelines],
  };
  return { fullUrl, resource };
}
