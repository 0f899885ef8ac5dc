/**
 * The bounds that make a card summary fit: CDS Hooks asks for fewer than 140 characters, and the
 * checker proves each rule's summary fits with every placeholder at its longest, which the evaluator
 * guarantees by cutting a longer value (a drug or organism in the record's own words) to that length.
 */
import { fill, type Binding } from "./binding.js";
import type { AlertTemplate, CardText, OverrideReason } from "./ir-types.js";
import type { Lookups } from "./patient-record.js";

/** The most characters a card summary may have. */
export const SUMMARY_LIMIT = 139;

/** The most characters a placeholder's value takes in a summary; a longer one is cut, ending in `…`. */
export const PLACEHOLDER_LIMIT = 40;

/** Card text with its placeholders filled. */
export interface FilledCardText {
  readonly summary?: string;
  readonly detail?: string;
  readonly overrideReasons?: readonly OverrideReason[];
}

/** A rule's (or a contraindication's) card text for a binding: placeholders filled, each cut to PLACEHOLDER_LIMIT in a summary; an alert's override reasons kept. */
export function fillCardText(a: CardText & Pick<AlertTemplate, "overrideReasons">, b: Binding, lookups: Lookups): FilledCardText {
  return {
    ...(a.summary !== undefined ? { summary: fill(a.summary, b, lookups, PLACEHOLDER_LIMIT) } : {}),
    ...(a.detail !== undefined ? { detail: fill(a.detail, b, lookups) } : {}),
    ...(a.overrideReasons !== undefined ? { overrideReasons: a.overrideReasons } : {}),
  };
}
