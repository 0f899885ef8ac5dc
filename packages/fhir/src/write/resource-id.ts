/** Ids for the resources Steward writes: derived from their content, so the same Decision gives the same ids. */
import { contentHash } from "@steward/core/content-hash";

/** A FHIR id and a `urn:uuid:` full URL, both from the hash of what identifies the resource. */
export function resourceIds(kind: string, identity: unknown): { readonly id: string; readonly fullUrl: string } {
  const hex = contentHash({ kind, identity }).slice("sha256:".length);
  // A UUID of version 8 (RFC 9562: custom), its bits taken from the hash.
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { id: `${kind}-${hex.slice(0, 16)}`, fullUrl: `urn:uuid:${uuid}` };
}
