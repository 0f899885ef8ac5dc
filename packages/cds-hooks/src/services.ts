/**
 * The CDS services Steward offers, one per hook it answers, and the discovery response that lists
 * them with their prefetch templates.
 */

/** The hooks Steward answers. */
export const hookNames = ["patient-view", "order-select", "order-sign"] as const;

/** A hook Steward answers. */
export type HookName = (typeof hookNames)[number];

/** One CDS service: the hook it answers, its id (the last segment of its URL) and what it does. */
export interface ServiceDefinition {
  readonly hook: HookName;
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

/** The services, one per hook. */
export const services: readonly ServiceDefinition[] = [
  {
    hook: "patient-view",
    id: "steward-patient-view",
    title: "Antimicrobial stewardship: the patient's record",
    description: "When a record is opened: alerts on current antimicrobial courses (culture results, reviews due, restricted agents), treatment options for coded infections, and referrals, from the loaded guidelines.",
  },
  {
    hook: "order-select",
    id: "steward-order-select",
    title: "Antimicrobial stewardship: choosing an antimicrobial",
    description: "When an antimicrobial is selected: the guideline's treatment options with dm+d-coded orders to choose from, and alerts about the selected order.",
  },
  {
    hook: "order-sign",
    id: "steward-order-sign",
    title: "Antimicrobial stewardship: before signing",
    description: "Before antimicrobial orders are signed: what the selection step has not already shown (coded indication, restricted and Reserve agents, culture results), with referrals.",
  },
];

/** A service as the discovery response lists it. */
export interface DiscoveredService extends ServiceDefinition {
  readonly prefetch: Readonly<Record<string, string>>;
  readonly usageRequirements: string;
}

/** The discovery response (`GET /cds-services`): every service, each asking for the same prefetch. */
export function discoveryResponse(prefetch: Readonly<Record<string, string>>): { readonly services: readonly DiscoveredService[] } {
  return {
    services: services.map((s) => ({
      ...s,
      prefetch,
      usageRequirements:
        "Send every prefetch key, or the FHIR server and an access token for what is left out: a key missing when it cannot be fetched is refused with HTTP 412. Each call needs a JWT signed by a registered client (ES384 or RS384 recommended).",
    })),
  };
}
