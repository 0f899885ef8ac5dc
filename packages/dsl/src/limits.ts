/**
 * The most a rule file and a program may hold. Each limit is checked where the input is first read
 * and reported as a located diagnostic, so hostile or runaway input is refused in bounded time and
 * memory instead of exhausting the stack or the heap.
 */

/** Limits on rule files; every one can be lowered or raised by the host (see `resolveLimits`). */
export interface Limits {
  /** Characters in one rule file. */
  readonly fileSize: number;
  /** Characters in one string between double quotes. */
  readonly stringLength: number;
  /** How deeply one condition nests as written: brackets, `not`, `any … where` and `time since` each add a level. */
  readonly nesting: number;
  /** Declarations (rules, drugs, defines, sources, …) in one file. */
  readonly declarations: number;
  /** The longest chain of defines that name defines (`a = b and …`, `b = c or …`, … counts each). */
  readonly defineDepth: number;
  /** Files in one program: the files named and everything they import. */
  readonly files: number;
}

/** The limits used when the host gives none: far above any guideline written so far. */
export const defaultLimits: Limits = {
  fileSize: 1_000_000,
  stringLength: 10_000,
  nesting: 32,
  declarations: 10_000,
  defineDepth: 32,
  files: 1_000,
};

/**
 * The most `nesting` and `defineDepth` can be raised to: deeper conditions would exhaust the stack
 * of the parser or of the evaluator.
 */
export const depthCeiling = 100;

/** Options the entry points that read rule text take. */
export interface DslOptions {
  /** Limits to change; the rest keep their defaults. */
  readonly limits?: Partial<Limits>;
}

/**
 * The limits in force: the defaults with the host's changes. A value that is not a positive whole
 * number keeps its default; nesting and define depth are held to `depthCeiling`.
 */
export function resolveLimits(changes: Partial<Limits> = {}): Limits {
  const pick = (key: keyof Limits, ceiling = Number.POSITIVE_INFINITY): number => {
    const value = changes[key];
    return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? Math.min(value, ceiling) : defaultLimits[key];
  };
  return {
    fileSize: pick("fileSize"),
    stringLength: pick("stringLength"),
    nesting: pick("nesting", depthCeiling),
    declarations: pick("declarations"),
    defineDepth: pick("defineDepth", depthCeiling),
    files: pick("files"),
  };
}
