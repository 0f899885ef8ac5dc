/** Referrals as ServiceRequest proposals: to whom, why, the order they concern, and the urgency as priority when the Decision gives one. */
import { vocabulary, type Decision } from "@steward/core";
import type { ServiceRequest } from "fhir/r4.js";
import { resourceIds } from "./resource-id.js";
import { recordReference, sourceNote, type ToFhirOptions } from "./write-options.js";

type Referral = Extract<Decision["actions"][number], { kind: "refer" }>;

/** ServiceRequest priority for each referral urgency a Decision may state. */
const priorities: Readonly<Record<string, NonNullable<ServiceRequest["priority"]>>> = {
  immediate: "stat",
  urgent: "urgent",
  routine: "routine",
};

/** One ServiceRequest per referral. */
export function serviceRequests(decision: Decision, options: ToFhirOptions): { fullUrl: string; resource: ServiceRequest }[] {
  return decision.actions
    .filter((a): a is Referral => a.kind === "refer")
    .map((referral) => {
      const { id, fullUrl } = resourceIds("referral", { patient: options.patient, at: decision.evaluatedAt, to: referral.to, order: referral.concerns?.order?.id, rule: referral.provenance.rule });
      const to = vocabulary.referralTargets.find((t) => t.word === referral.to)!.description;
      // Referral urgency is not in every Decision: read it only where the action carries one.
      const urgency = (referral as { readonly urgency?: unknown }).urgency;
      const priority = typeof urgency === "string" ? priorities[urgency] : undefined;
      const resource: ServiceRequest = {
        resourceType: "ServiceRequest",
        id,
        status: "draft",
        intent: "proposal",
        ...(priority === undefined ? {} : { priority }),
        code: { text: `Referral to ${to}` },
        subject: options.patient,
        authoredOn: decision.evaluatedAt,
        performerType: { text: to },
        reasonCode: [{ text: referral.reason }],
        ...(referral.concerns?.order === undefined ? {} : { reasonReference: [recordReference(options, "orders", referral.concerns.order.id, referral.concerns.order.name)] }),
        note: [{ text: sourceNote(referral.provenance) }],
      };
      return { fullUrl, resource };
    });
}
