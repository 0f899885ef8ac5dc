/**
 * The content hash every compiled guideline carries, and that every Decision item repeats in its
 * provenance. `contentHash` of a guideline's IR is computed over the IR object without its
 * `contentHash` member:
 *
 * 1. serialise it as RFC 8785 JSON Canonicalization Scheme (JCS) text — object members sorted by
 *    their names compared as UTF-16 code units, no whitespace, strings and numbers written as
 *    ECMAScript's `JSON.stringify` writes them (which is what RFC 8785 specifies);
 * 2. encode that text as UTF-8;
 * 3. take its SHA-256 digest, written as 64 lowercase hexadecimal digits after `sha256:`.
 *
 * Any RFC 8785 implementation reproduces it in another language. For values JSON cannot hold,
 * `canonicalJson` behaves as `JSON.stringify` does (a member whose value is `undefined` is left
 * out; a number that is not finite is written `null`, where RFC 8785 would refuse it); the IR
 * schema admits neither, so a guideline's hash is always RFC 8785 exactly.
 *
 * @module @steward/core/content-hash
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** RFC 8785 canonical JSON: object members sorted by name (UTF-16 code units) at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  // Written out member by member: an object built in sorted order would still list integer-like
  // names ("1", "10") first, in numeric order, when JSON.stringify walks it.
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // invariant: the default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires
    const members = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:` and the lowercase hex SHA-256 of the UTF-8 bytes of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(value))))}`;
}

/**
 * The content hash of a compiled guideline: of its IR without the `contentHash` member. `prepare`
 * checks a guideline's stated hash against it; a tool that derives one guideline from another
 * states the derived guideline's own.
 */
export function guidelineHash(ir: object): string {
  const content: Record<string, unknown> = { ...ir };
  delete content["contentHash"];
  return contentHash(content);
}
