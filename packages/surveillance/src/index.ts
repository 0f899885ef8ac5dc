/**
 * Surveillance of antimicrobial prescribing: every antimicrobial order in a population's records,
 * audited against the guidelines as the record stood when the order was written, one row per order
 * (`auditPatient`). Rows feed the metrics (SQL over Parquet, `@steward/surveillance/metrics`).
 *
 * @module @steward/surveillance
 */
export type { AuditAlert, AuditGuideline, AuditRow, DurationMatch, IndicationStatus, IvosStatus, Recommendation, ReviewStatus } from "./audit-row.js";
export type { Auditor } from "./auditor.js";
export { prepareAudit } from "./auditor.js";
export type { AuditOptions } from "./audit.js";
export { auditPatient } from "./audit.js";
export type { AuditedCourse, PatientHistory } from "./patient-history.js";
export { contextHistory } from "./patient-history.js";
export type { FhirHistoryOptions, FhirPatientRecord } from "./fhir-history.js";
export { fhirHistory } from "./fhir-history.js";
export type { CourseRef } from "./record-at.js";
export { recordAt } from "./record-at.js";
export { REVIEW_DUE_HOURS } from "./review.js";
