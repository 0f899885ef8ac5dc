/**
 * The bounds that make a card summary fit: CDS Hooks asks for fewer than 140 characters, and the
 * checker proves each rule's summary fits with every placeholder at its longest, which the evaluator
 * guarantees by cutting a longer value (a drug or organism in the record's own words) to that length.
 */

/** The most characters a card summary may have. */
export const SUMMARY_LIMIT = 139;

/** The most characters a placeholder's value takes in a summary; a longer one is cut, ending in `…`. */
export const PLACEHOLDER_LIMIT = 40;
