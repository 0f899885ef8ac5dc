/**
 * The options of one evaluation, and their check: a host's alert policy and limits are input like
 * the patient context, so a `maxInterruptive` of NaN, null or -1 is rejected naming the field
 * (`/alertPolicy/maxInterruptive`) rather than quietly turning interruption off.
 */
import "./zod-config.js";
import * as z from "zod";
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

const count = z.number().int().min(0);
const positive = z.number().int().min(1);

const OptionsSchema = z.strictObject({
  now: z.unknown(),
  alertPolicy: z
    .strictObject({
      maxInterruptive: count.optional(),
      interruptivePriorities: z.array(z.enum(alertPriorities.map((p) => p.word) as [string, ...string[]])).optional(),
      acknowledgementWindow: z.strictObject({ value: z.number().min(0).max(100_000), unit: z.enum(["minutes", "hours", "days", "weeks"]) }).optional(),
    })
    .optional(),
  limits: z.strictObject({ maxSize: positive.optional(), maxDepth: positive.optional(), maxStringLength: positive.optional(), maxItems: z.record(z.string(), count).optional() }).optional(),
});

/** What is wrong with the options, each problem naming its field; empty when they are fine. */
export function optionProblems(options: unknown): Diagnostic[] {
  const parsed = OptionsSchema.safeParse(options, { reportInput: true });
  return parsed.success ? [] : schemaDiagnostics(parsed.error.issues, "eval/invalid-option");
}
