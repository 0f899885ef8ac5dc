export type { FhirReading, FromFhirOptions } from "./from-fhir.js";
export { defaultFhirLimits, fromFhir } from "./from-fhir.js";
export type { CodeRow, FhirMappings, PregnancyAnswer } from "./mapping-tables.js";
export { defaultMappings } from "./mapping-tables.js";
export type { ContextProvenance, FactSource } from "./provenance.js";
export { sourceOfFact } from "./provenance.js";
export type { ToFhirOptions } from "./write/write-options.js";
export { toFhir } from "./write/to-fhir.js";
