/**
 * The evaluator: compiled guidelines (the IR) and a patient context in, a Decision out. Start with
 * `prepare` and `evaluate`; the types `PatientContext`, `Decision` and `GuidelineIR` describe what
 * goes in and comes out, field by field.
 *
 * @module @steward/core
 */
export type { DataLocation, Diagnostic, DiagnosticCode, Severity, Span } from "./diagnostic.js";
export { diagnosticCodes, hasErrors, isDiagnosticCode, sortDiagnostics } from "./diagnostic.js";
export { schemaDiagnostics } from "./schema-diagnostics.js";
export type { Dimension, UnitDefinition } from "./units.js";
export { convert, describeDimension, findContextUnit, findUnit, plainNumberSpellings, units, unitSpellings } from "./units.js";
export type { PlausibleRange } from "./plausibility.js";
export { isPlausible, plausibleBounds, plausibleRanges } from "./plausibility.js";
/** The closed word lists of the language (statuses, settings, routes, forms, priorities …). */
export * as vocabulary from "./vocabulary.js";
export type { CodeSystem, CodeSystemWord } from "./code-systems.js";
export { codeSpace, codeSystems, findCodeSystem, findCodeSystemByUri, findContextCodeSystem, luhnValid, verhoeffValid } from "./code-systems.js";
export type { PatientBuiltin, PatientBuiltinName, ValueType, WordDomain } from "./builtins.js";
export { courseFields, cultureFields, describeType, findPatientBuiltin, patientBuiltins } from "./builtins.js";
/** The parts of a compiled guideline (the IR), field by field. */
export type * as ir from "./ir-types.js";
export type { GuidelineIR } from "./ir-types.js";
export { IR_VERSION } from "./ir.js";
export { PLACEHOLDER_LIMIT, SUMMARY_LIMIT } from "./card-text.js";
export type {
  AcknowledgedAlert,
  Allergy,
  AllergyInput,
  ContextCoding,
  ContextDuration,
  ContextQuantity,
  Culture,
  CultureInput,
  Diagnosis,
  DiagnosisInput,
  DrugReference,
  FindingRecord,
  Instant,
  ObservationRecord,
  Order,
  OrderReview,
  PastCourse,
  Patient,
  PatientContext,
  PatientContextInput,
  Pregnancy,
  Susceptibility,
} from "./context-types.js";
export type {
  CalculatedDose,
  ConcernedCulture,
  ConcernedOrder,
  Concerns,
  Contradiction,
  Decision,
  DecisionAction,
  DecisionAlert,
  DecisionCardText,
  DecisionCompanion,
  DecisionDrug,
  DecisionRegimen,
  DecisionScore,
  DecisionScoreCriterion,
  DecisionStrategy,
  DecisionText,
  DeEscalateAction,
  EvaluatedGuideline,
  ExcludedTreatment,
  MissingData,
  OralDose,
  OrderCheck,
  Provenance,
  ProvenanceCitation,
  ReferAction,
  RequestAction,
  ReviewAction,
  SuppressedAlert,
  SwitchToOralAction,
  Treatment,
  UnknownCodeSystem,
  UnmatchedAllergy,
  UnrecognisedDiagnosis,
  WithheldTreatment,
} from "./decision-types.js";
export { DecisionSchema, GuidelineIRSchema, PatientContextSchema } from "./schemas.js";
export type { AlertPolicy } from "./alert-policy.js";
export { defaultAlertPolicy } from "./alert-policy.js";
export type { Evaluator } from "./prepare.js";
export { prepare, requiredDiagnoses } from "./prepare.js";
export { conditionDepth, maxConditionDepth, maxIrDepth } from "./condition-depth.js";
export { codeKey } from "./patient-record.js";
export type { EvaluateOptions } from "./evaluate-options.js";
export type { ContextLimits } from "./limits.js";
export { defaultContextLimits, hostValueProblems, withLimits } from "./limits.js";
export { evaluate } from "./evaluate.js";
export type { ConditionTrace } from "./condition.js";
export type { Explanation, GuidelineExplanation, OptionExplanation, RuleExplanation } from "./explain.js";
export { explain, renderExplanation } from "./explain.js";
export { describeAction, renderDecision } from "./render-decision.js";
export { doseText, regimenText } from "./regimen-text.js";
export { addTime, formatDate, formatInstant, parseInstant } from "./time.js";
