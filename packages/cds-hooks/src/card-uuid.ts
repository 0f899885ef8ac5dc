/** Card and suggestion uuids: derived from the hook call and what the card shows, so the same call gives the same uuids. */
import { contentHash } from "@steward/core/content-hash";

/** A version 8 UUID (RFC 9562, custom) whose bits are taken from the SHA-256 of `identity`. */
export function cardUuid(identity: unknown): string {
  const hex = contentHash(identity).slice("sha256:".length);
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return [hex.slice(0, 8), hex.slice(8, 12), `8${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`, hex.slice(20, 32)].join("-");
}
