/**
 * The shape of a fuzz target, as `pnpm fuzz` (test/fuzz/run.ts) loads it: each file in
 * `test/fuzz/targets/` default-exports one. `run` must not throw and must return within the runner's
 * per-input timeout: a throw, a hang or a `wrongAccept` is a finding.
 */
import type fc from "fast-check";

/** What one run of a target says about its input. */
export interface FuzzOutcome {
  /** Whether the entry points accepted the input or refused it with diagnostics. */
  readonly outcome: "accepted" | "rejected";
  /** Set when an input was accepted that should not have been (or a later stage failed on it): what went wrong. */
  readonly wrongAccept?: string;
}

/** A fuzz target: inputs to try, and a run that says whether each was accepted. */
export interface FuzzTarget {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<unknown>;
  readonly run: (input: unknown) => FuzzOutcome;
}
