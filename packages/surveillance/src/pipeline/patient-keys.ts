/**
 * The pseudonymous key and the site of a patient read from FHIR. The key is supplied by the host:
 * either already on the Patient, as the value of an identifier in a system the host names, or made
 * from the Patient's id with a keyed hash (HMAC-SHA-256) under a secret only the host holds, so the
 * same patient gets the same key in every run and shard and the id itself never reaches a row. The
 * site is the patient's managing organisation: its ODS code, or else its first identifier.
 */
import { createHmac } from "node:crypto";

/** How the host supplies the pseudonymous key of a FHIR patient. */
export type KeySource = { readonly kind: "identifier"; readonly system: string } | { readonly kind: "hmac"; readonly secret: string };

type Resource = Readonly<Record<string, unknown>>;

const odsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";

function identifiers(resource: Resource | undefined): { system?: unknown; value?: unknown }[] {
  const list = resource?.["identifier"];
  return Array.isArray(list) ? (list as { system?: unknown; value?: unknown }[]) : [];
}

/** The patient's key, or a sentence saying why there is none. */
export function patientKey(patient: Resource | undefined, source: KeySource): { key: string } | { problem: string } {
  if (patient === undefined) return { problem: "the record holds no Patient, so it has no pseudonymous key" };
  if (source.kind === "identifier") {
    const value = identifiers(patient).find((i) => i.system === source.system)?.value;
    return typeof value === "string" && value !== "" ? { key: value } : { problem: `the Patient has no identifier in \`${source.system}\` to use as its pseudonymous key` };
  }
  const id = patient["id"];
  if (typeof id !== "string" || id === "") return { problem: "the Patient has no id to make its pseudonymous key from" };
  return { key: `h:${createHmac("sha256", source.secret).update(`Patient/${id}`).digest("hex").slice(0, 32)}` };
}

/** The site: the ODS code (or first identifier) of the patient's managing organisation, when the record holds it. */
export function patientSite(patient: Resource | undefined, resources: readonly Resource[]): string | null {
  const reference = (patient?.["managingOrganization"] as { reference?: unknown } | undefined)?.reference;
  if (typeof reference !== "string") return null;
  const organization = resources.find((r) => r["resourceType"] === "Organization" && `Organization/${String(r["id"])}` === reference);
  const ids = identifiers(organization);
  const value = (ids.find((i) => i.system === odsSystem) ?? ids[0])?.value;
  return typeof value === "string" ? value : null;
}
