/** The zod schemas hosts validate with, under their public names, typed by the documented interfaces. */
import type * as z from "zod/mini";
import { PatientContext } from "./context.js";
import type { PatientContext as PatientContextFields, PatientContextInput } from "./context-types.js";
import { Decision } from "./decision.js";
import type { Decision as DecisionFields } from "./decision-types.js";
import { GuidelineIR } from "./ir.js";
import type { GuidelineIR as GuidelineIRFields } from "./ir-types.js";

/** The zod schema of the patient context, which `evaluate` checks every context against; its JSON Schema is published by `@steward/json`. */
export const PatientContextSchema: z.ZodMiniType<PatientContextFields, PatientContextInput> = PatientContext;

/** The zod schema of a Decision; its JSON Schema is published by `@steward/json`. */
export const DecisionSchema: z.ZodMiniType<DecisionFields> = Decision;

/** The zod schema of a compiled guideline, which `prepare` checks every IR against; its JSON Schema is `@steward/core/schemas/ir.schema.json`. */
export const GuidelineIRSchema: z.ZodMiniType<GuidelineIRFields> = GuidelineIR;
