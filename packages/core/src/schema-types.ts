/**
 * Compile-time proof that the documented interfaces (`context-types.ts`, `decision-types.ts`,
 * `ir-types.ts`) and the zod schemas (`context.ts`, `decision.ts`, `ir.ts`) describe exactly the
 * same values: a field added to, removed from or changed in one and not the other makes `tsc` fail
 * here, naming the type. Nothing imports this file; the compiler checks it with the rest of `src`.
 */
import type * as z from "zod/mini";
import type * as contextSchema from "./context.js";
import type * as context from "./context-types.js";
import type * as decisionSchema from "./decision.js";
import type * as decision from "./decision-types.js";
import type * as irSchema from "./ir.js";
import type * as ir from "./ir-types.js";

/** True when A and B are the same type: same fields, same optionality, same types, all the way down. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Accepts only a record of `true`: a `false` names the interface that differs from its schema. */
type AllSame<T extends Record<string, true>> = T;

type Out<S extends z.ZodMiniType> = z.output<S>;

/** Each interface against its schema; not exported from the package. */
export type InterfacesMatchSchemas = [
  AllSame<{
    ContextCoding: Same<context.ContextCoding, Out<typeof contextSchema.ContextCoding>>;
    ContextQuantity: Same<context.ContextQuantity, Out<typeof contextSchema.ContextQuantity>>;
    DrugReference: Same<context.DrugReference, Out<typeof contextSchema.DrugReference>>;
    Pregnancy: Same<context.Pregnancy, Out<typeof contextSchema.Pregnancy>>;
    Patient: Same<context.Patient, Out<typeof contextSchema.Patient>>;
    Diagnosis: Same<context.Diagnosis, Out<typeof contextSchema.Diagnosis>>;
    Allergy: Same<context.Allergy, Out<typeof contextSchema.Allergy>>;
    ObservationRecord: Same<context.ObservationRecord, Out<typeof contextSchema.ObservationRecord>>;
    FindingRecord: Same<context.FindingRecord, Out<typeof contextSchema.FindingRecord>>;
    ContextDuration: Same<context.ContextDuration, Out<typeof contextSchema.ContextDuration>>;
    Order: Same<context.Order, Out<typeof contextSchema.Order>>;
    PastCourse: Same<context.PastCourse, Out<typeof contextSchema.PastCourse>>;
    Susceptibility: Same<context.Susceptibility, Out<typeof contextSchema.Susceptibility>>;
    Culture: Same<context.Culture, Out<typeof contextSchema.Culture>>;
    AcknowledgedAlert: Same<context.AcknowledgedAlert, Out<typeof contextSchema.AcknowledgedAlert>>;
    PatientContext: Same<context.PatientContext, Out<typeof contextSchema.PatientContext>>;
    PatientContextInput: Same<context.PatientContextInput, z.input<typeof contextSchema.PatientContext>>;
  }>,
  AllSame<{
    Provenance: Same<decision.Provenance, Out<typeof decisionSchema.Provenance>>;
    Concerns: Same<decision.Concerns, Out<typeof decisionSchema.Concerns>>;
    DecisionDrug: Same<decision.DecisionDrug, Out<typeof decisionSchema.DecisionDrug>>;
    CalculatedDose: Same<decision.CalculatedDose, Out<typeof decisionSchema.CalculatedDose>>;
    DecisionRegimen: Same<decision.DecisionRegimen, Out<typeof decisionSchema.DecisionRegimen>>;
    DecisionCompanion: Same<decision.DecisionCompanion, Out<typeof decisionSchema.DecisionCompanion>>;
    Treatment: Same<decision.Treatment, Out<typeof decisionSchema.Treatment>>;
    ExcludedTreatment: Same<decision.ExcludedTreatment, Out<typeof decisionSchema.ExcludedTreatment>>;
    WithheldTreatment: Same<decision.WithheldTreatment, Out<typeof decisionSchema.WithheldTreatment>>;
    DecisionStrategy: Same<decision.DecisionStrategy, Out<typeof decisionSchema.DecisionStrategy>>;
    DecisionText: Same<decision.DecisionText, Out<typeof decisionSchema.DecisionText>>;
    OrderCheck: Same<decision.OrderCheck, Out<typeof decisionSchema.OrderCheck>>;
    DecisionAlert: Same<decision.DecisionAlert, Out<typeof decisionSchema.DecisionAlert>>;
    SuppressedAlert: Same<decision.SuppressedAlert, Out<typeof decisionSchema.SuppressedAlert>>;
    DecisionAction: Same<decision.DecisionAction, Out<typeof decisionSchema.DecisionAction>>;
    DecisionScore: Same<decision.DecisionScore, Out<typeof decisionSchema.DecisionScore>>;
    MissingData: Same<decision.MissingData, Out<typeof decisionSchema.MissingData>>;
    UnrecognisedDiagnosis: Same<decision.UnrecognisedDiagnosis, Out<typeof decisionSchema.UnrecognisedDiagnosis>>;
    UnmatchedAllergy: Same<decision.UnmatchedAllergy, Out<typeof decisionSchema.UnmatchedAllergy>>;
    UnknownCodeSystem: Same<decision.UnknownCodeSystem, Out<typeof decisionSchema.UnknownCodeSystem>>;
    EvaluatedGuideline: Same<decision.EvaluatedGuideline, Out<typeof decisionSchema.EvaluatedGuideline>>;
    Decision: Same<decision.Decision, Out<typeof decisionSchema.Decision>>;
  }>,
  AllSame<{
    Quantity: Same<ir.Quantity, Out<typeof irSchema.Quantity>>;
    Coding: Same<ir.Coding, Out<typeof irSchema.Coding>>;
    Citation: Same<ir.Citation, Out<typeof irSchema.Citation>>;
    Source: Same<ir.Source, Out<typeof irSchema.Source>>;
    CodeList: Same<ir.CodeList, Out<typeof irSchema.CodeList>>;
    CodeListExpansion: Same<ir.CodeListExpansion, Out<typeof irSchema.CodeListExpansion>>;
    CrossReactivity: Same<ir.CrossReactivity, Out<typeof irSchema.CrossReactivity>>;
    DrugClass: Same<ir.DrugClass, Out<typeof irSchema.DrugClass>>;
    Drug: Same<ir.Drug, Out<typeof irSchema.Drug>>;
    Observation: Same<ir.Observation, Out<typeof irSchema.Observation>>;
    Finding: Same<ir.Finding, Out<typeof irSchema.Finding>>;
    Parameter: Same<ir.Parameter, Out<typeof irSchema.Parameter>>;
    DrugOrClass: Same<ir.DrugOrClass, Out<typeof irSchema.DrugOrClass>>;
    DrugRef: Same<ir.DrugRef, Out<typeof irSchema.DrugRef>>;
    PatientField: Same<ir.PatientField, Out<typeof irSchema.PatientField>>;
    CourseField: Same<ir.CourseField, Out<typeof irSchema.CourseField>>;
    Value: Same<ir.Value, Out<typeof irSchema.Value>>;
    MemberSet: Same<ir.MemberSet, Out<typeof irSchema.MemberSet>>;
    CompareOp: Same<ir.CompareOp, Out<typeof irSchema.CompareOp>>;
    Expr: Same<ir.Expr, Out<typeof irSchema.Expr>>;
    Define: Same<ir.Define, Out<typeof irSchema.Define>>;
    Score: Same<ir.Score, Out<typeof irSchema.Score>>;
    Schedule: Same<ir.Schedule, Out<typeof irSchema.Schedule>>;
    StepDuration: Same<ir.StepDuration, Out<typeof irSchema.StepDuration>>;
    DoseStep: Same<ir.DoseStep, Out<typeof irSchema.DoseStep>>;
    DoseOption: Same<ir.DoseOption, Out<typeof irSchema.DoseOption>>;
    Regimen: Same<ir.Regimen, Out<typeof irSchema.Regimen>>;
    Companion: Same<ir.Companion, Out<typeof irSchema.Companion>>;
    TreatmentOption: Same<ir.TreatmentOption, Out<typeof irSchema.TreatmentOption>>;
    StrategyOption: Same<ir.StrategyOption, Out<typeof irSchema.StrategyOption>>;
    Advice: Same<ir.Advice, Out<typeof irSchema.Advice>>;
    AlertTemplate: Same<ir.AlertTemplate, Out<typeof irSchema.AlertTemplate>>;
    ActionTemplate: Same<ir.ActionTemplate, Out<typeof irSchema.ActionTemplate>>;
    Rule: Same<ir.Rule, Out<typeof irSchema.Rule>>;
    Contraindication: Same<ir.Contraindication, Out<typeof irSchema.Contraindication>>;
    Resistance: Same<ir.Resistance, Out<typeof irSchema.Resistance>>;
    GuidelineHeader: Same<ir.GuidelineHeader, Out<typeof irSchema.GuidelineHeader>>;
    GuidelineIR: Same<ir.GuidelineIR, Out<typeof irSchema.GuidelineIR>>;
  }>,
];
