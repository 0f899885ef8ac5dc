export type { Diagnostic, DiagnosticCode, Severity, Span } from "./diagnostic.js";
export { diagnosticCodes, hasErrors, isDiagnosticCode, sortDiagnostics } from "./diagnostic.js";
export type { Dimension, UnitDefinition } from "./units.js";
export { convert, describeDimension, findUnit, units, unitSpellings } from "./units.js";
/** The closed word lists of the language (statuses, settings, routes, forms, priorities …). */
export * as vocabulary from "./vocabulary.js";
export type { CodeSystem, CodeSystemWord } from "./code-systems.js";
export { codeSpace, codeSystems, findCodeSystem, findCodeSystemByUri, luhnValid, verhoeffValid } from "./code-systems.js";
export { canonicalJson, contentHash } from "./content-hash.js";
export type { PatientBuiltin, PatientBuiltinName, ValueType, WordDomain } from "./builtins.js";
export { courseFields, cultureFields, describeType, findPatientBuiltin, patientBuiltins } from "./builtins.js";
/** The IR's zod schemas and the types inferred from them. */
export * as ir from "./ir.js";
export type { GuidelineIR } from "./ir.js";
export { IR_VERSION } from "./ir.js";
export type { ContextCoding, DrugReference, PatientContextInput } from "./context.js";
export { PatientContext } from "./context.js";
export type { Decision, DecisionAction, DecisionAlert, MissingData, Provenance, Treatment, ExcludedTreatment, WithheldTreatment } from "./decision.js";
export { Decision as DecisionSchema } from "./decision.js";
export type { AlertPolicy } from "./alert-policy.js";
export { defaultAlertPolicy } from "./alert-policy.js";
export type { Evaluator } from "./prepare.js";
export { prepare } from "./prepare.js";
export type { EvaluateOptions } from "./evaluate.js";
export { evaluate } from "./evaluate.js";
export type { ConditionTrace } from "./condition.js";
export type { Explanation, GuidelineExplanation, OptionExplanation, RuleExplanation } from "./explain.js";
export { explain, renderExplanation } from "./explain.js";
export { renderDecision } from "./render-decision.js";
