/**
 * Three-valued results. `true` and `false` are plain booleans; unknown is an `Unknown` carrying the
 * keys of the data whose absence made it unknown, so a decision can say what would change it.
 */

/** Why a value or condition is unknown: the data keys that would decide it (`observation:egfr`). */
export class Unknown {
  constructor(readonly missing: readonly string[]) {}
}

/** A three-valued truth. */
export type Tri = boolean | Unknown;

/** A value that may be unknown. */
export type Maybe<T> = T | Unknown;

/** True when `value` is unknown. */
export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** An unknown caused by one missing piece of data. */
export function unknownFor(key: string): Unknown {
  return new Unknown([key]);
}

/** One unknown carrying every key of the given unknowns, each once, in order. */
export function mergeUnknown(parts: readonly Unknown[]): Unknown {
  if (parts.length === 1) return parts[0]!;
  // invariant: a Set keeps the first occurrence of each key in order, and merging stays linear however many parts there are
  return new Unknown([...new Set(parts.flatMap((p) => p.missing))]);
}
