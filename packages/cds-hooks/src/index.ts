/**
 * Steward as an HL7 CDS Hooks service, without the server: a hook request read into a patient
 * context, a Decision written as cards (valid by construction, with dm+d-coded order suggestions),
 * the prefetch templates the loaded guidelines need, and a checker for CDS Hooks responses. The
 * HTTP service itself is `@steward/cds-hooks/server` (Node only), run by `steward serve`.
 *
 * @module @steward/cds-hooks
 */
export type { Card, CardAction, CardLink, CardSource, CardSuggestion, CdsCoding, CdsResponse } from "./card-types.js";
export type { CardOptions, CardsResult, IssuedCard } from "./cards.js";
export { DEFAULT_MAX_CARDS, decisionToCards, guidelineTopicSystem, overrideReasonSystem } from "./cards.js";
export { characters, markdownText, SUMMARY_LIMIT, summaryOf } from "./card-text.js";
export type { ResponseProblem, ValidationOptions } from "./card-validator.js";
export { validateCdsResponse } from "./card-validator.js";
export type { DiscoveredService, HookName, ServiceDefinition } from "./services.js";
export { discoveryResponse, hookNames, services } from "./services.js";
export type { PrefetchOptions } from "./prefetch-templates.js";
export { findingSystem, prefetchTemplates } from "./prefetch-templates.js";
export { renderTemplate } from "./prefetch-tokens.js";
export type { HookRequest, RequestProblem } from "./hook-request.js";
export { draftOrderIds, parseHookRequest } from "./hook-request.js";
export type { HookReading, HookReadOptions } from "./hook-context.js";
export { missingPrefetch, readHookRequest } from "./hook-context.js";
export type { Feedback } from "./feedback-request.js";
export { parseFeedback } from "./feedback-request.js";
export type { OutcomeIssue } from "./operation-outcome.js";
export { operationOutcome } from "./operation-outcome.js";
