/** Referrals as ServiceRequest proposals: to whom, why, the order they concern, and the referral's urgency as priority. */
import { vocabulary, type Decision } from "@steward/core";
import type { ServiceRequest } from "fhir/r4.js";
import { resourceIds } from "./resource-id.js";
import { recordReference, sourceNote, type ToFhirOptions } from "./write-options.js";

type Referral = Extract<Decision["actions"][number], { kind: "refer" }>;

/** ServiceRequest priority for each referral urgency. */
const priorities: Readonly<Record<vocabulary.ReferralUrgency, NonNullable<ServiceRequest["priority"]>>> = {
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
      const resource: ServiceRequest = {
        resourceType: "ServiceRequest",
        id,
        status: "draft",
        intent: "proposal",
        priority: priorities[referral.urgency],
        code: { text: `Referral to ${to}` },
        subject: options.patient,
        authoredOn: decision.evaluatedAt,
        performerType: { text: to },
        reasonCode: [{ text: referral.reason }],
        ...(referral.concerns?.order === undefined ? {} : { reasonReference: [recordReference(options, "orders", referral.concerns.order.id, referral.concerns.order.name)] }),
        note: [{ text: sourceNote(referral.provenance) }, ...(referral.unverified === undefined ? [] : [{ text: `urgency not confirmed in a cited source: ${referral.unverified}` }])],
      };
      return { fullUrl, resource };
    });
}
