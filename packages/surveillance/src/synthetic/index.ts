/**
 * Seeded synthetic populations for tests and benchmarks: each patient's record as a Steward context
 * and as FHIR Bulk Data resources, with badly coded and inappropriate prescriptions planted at known
 * shares, and what the audit must find for every course.
 *
 * @module @steward/surveillance/synthetic
 */
export type { Population, PopulationOptions, PlantedOrder, SyntheticPatient } from "./population.js";
export { population, syntheticFhirMappings, syntheticSites } from "./population.js";
export type { PlantedCourse, Story } from "./stories.js";
export { stories } from "./stories.js";
export type { Code, CourseSpec, SyntheticDrug } from "./record-builder.js";
export { RecordBuilder, SYNTHETIC_DRUG_SYSTEM, SYNTHETIC_KEY_SYSTEM, SYNTHETIC_SITE_SYSTEM } from "./record-builder.js";
export type { WrittenPopulation } from "./write-population.js";
export { syntheticExportTypes, writePopulation } from "./write-population.js";
export { Random } from "./random.js";
