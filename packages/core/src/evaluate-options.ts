/**
 * The options of one evaluation, and their check: a host's alert policy and limits are input like
 * the patient context, so a `maxInterruptive` of NaN, null or -1 is rejected naming the field
 * (`/alertPolicy/maxInterruptive`) rather than quietly turning interruption off.
 */
import "./zod-config.js";
import * as z from "zod/mini";
import type { AlertPolicy } from "./alert-policy.js";
import type { Diagnostic } from "./diagnostic.js";
import type { ContextLimits } from "./limits.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { alertPriorities } from "./vocabulary.js";

/** Options for one evaluation. */
export interface EvaluateOptions {
  /** The moment to evaluate at (ISO date-time with zone). Steward never reads the clock itself. */
  readonly now: string;
  /** Overrides of the default alert policy. */
  readonly alertPolicy?: Partial<AlertPolicy>;
  /** Overrides of the limits on the patient context (`defaultContextLimits`); a list named in `maxItems` changes that list's limit only. */
  readonly limits?: Partial<ContextLimits>;
}

const count = z.int().check(z.minimum(0));
const positive = z.optional(z.int().check(z.minimum(1)));

const OptionsSchema = z.strictObject({
  now: z.unknown(),
  alertPolicy: z.optional(
    z.strictObject({
      maxInterruptive: z.optional(count),
      interruptivePriorities: z.optional(z.array(z.enum(alertPriorities.map((p) => p.word) as [string, ...string[]]))),
      acknowledgementWindow: z.optional(z.strictObject({ value: z.number().check(z.minimum(0), z.maximum(100_000)), unit: z.enum(["minutes", "hours", "days", "weeks"]) })),
    }),
  ),
  limits: z.optional(z.strictObject({ maxSize: positive, maxDepth: positive, maxStringLength: positive, maxItems: z.optional(z.record(z.string(), count)) })),
});

/** What is wrong with the options, each problem naming its field; empty when they are fine. */
export function optionProblems(options: unknown): Diagnostic[] {
  const parsed = OptionsSchema.safeParse(options, { reportInput: true });
  return parsed.success ? [] : schemaDiagnostics(parsed.error.issues, "eval/invalid-option");
}
