/**
 * Steward's CDS Hooks service (Node only): `startService` runs it over HTTP with fastify, checking
 * each client's JWT with jose and keeping cards issued and feedback in SQLite (better-sqlite3);
 * `parseServiceConfig` checks its configuration; `FeedbackStore` reads the feedback file back,
 * override rates among it. `steward serve` is this, from the command line.
 *
 * @module @steward/cds-hooks/server
 */
export type { ClientConfig, MappingRow, ServiceConfig, ServiceConfigInput } from "./config.js";
export { isLoopback, parseServiceConfig } from "./config.js";
export type { LogStream, RunningService, ServiceOptions } from "./service.js";
export { startService } from "./service.js";
export type { FeedbackAcknowledgement, OverrideRate } from "./store.js";
export { FeedbackStore, STORE_SCHEMA_VERSION } from "./store.js";
export { acceptedAlgorithms } from "./auth.js";
