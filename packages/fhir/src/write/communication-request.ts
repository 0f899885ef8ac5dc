/** Patient leaflets as CommunicationRequests to the patient, carrying the leaflet the rule names. */
import type { Decision } from "@steward/core";
import type { CommunicationRequest } from "fhir/r4.js";
import { resourceIds } from "./resource-id.js";
import { sourceNote, type ToFhirOptions } from "./write-options.js";

/** One CommunicationRequest per leaflet. */
export function leafletRequests(decision: Decision, options: ToFhirOptions): { fullUrl: string; resource: CommunicationRequest }[] {
  return decision.leaflets.map((leaflet) => {
    const { id, fullUrl } = resourceIds("leaflet", { patient: options.patient, at: decision.evaluatedAt, text: leaflet.text, rule: leaflet.provenance.rule });
    const resource: CommunicationRequest = {
      resourceType: "CommunicationRequest",
      id,
      status: "draft",
      subject: options.patient,
      recipient: [options.patient],
      payload: [{ contentString: leaflet.text }],
      authoredOn: decision.evaluatedAt,
      note: [{ text: sourceNote(leaflet.provenance) }],
    };
    return { fullUrl, resource };
  });
}
