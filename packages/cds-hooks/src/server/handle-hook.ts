/**
 * One hook call, from body to cards: the request is checked; prefetch keys it leaves out are
 * fetched from the client's FHIR server, or the call is refused with 412 naming them; search results
 * are completed page by page; the record is read into a context, the alerts acknowledged through
 * feedback for this patient are added, and the guidelines evaluated; the Decision becomes cards,
 * leaving out what this patient's feedback acknowledged and, at order-sign, what order-select
 * already showed for the same draft orders; the cards issued are recorded for feedback.
 */
import { addTime, evaluate, formatInstant, type AlertPolicy, type Evaluator, type GuidelineIR, type PatientContextInput } from "@steward/core";
import type { FhirMappings } from "@steward/fhir";
import type { Card } from "../card-types.js";
import { decisionToCards } from "../cards.js";
import { markdownText } from "../card-text.js";
import { cardUuid } from "../card-uuid.js";
import { missingPrefetch, readHookRequest } from "../hook-context.js";
import { parseHookRequest, type HookRequest } from "../hook-request.js";
import { operationOutcome } from "../operation-outcome.js";
import type { ServiceDefinition } from "../services.js";
import type { ServiceConfig } from "./config.js";
import { fetchMissing, withAllPages, type FetchLimits } from "./fhir-fetch.js";
import type { FeedbackStore } from "./store.js";

/** What every hook call needs, made once when the service starts. */
export interface HookEnvironment {
  readonly evaluator: Evaluator;
  readonly guidelines: readonly GuidelineIR[];
  readonly templates: Readonly<Record<string, string>>;
  readonly config: ServiceConfig;
  readonly policy: AlertPolicy;
  readonly mappings: Partial<FhirMappings>;
  readonly fetchLimits: FetchLimits;
  readonly store: FeedbackStore;
}

/** A hook call's answer, and what is logged about it (counts and codes, never patient data). */
export interface HookAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly log: Readonly<Record<string, unknown>>;
}

/** Answers one call to `service`, from client `client`, at `now`. */
export async function handleHook(service: ServiceDefinition, body: unknown, client: string, now: Date, env: HookEnvironment): Promise<HookAnswer> {
  const parsed = parseHookRequest(body, service.hook);
  if (parsed._tag === "Left") {
    return { status: 400, body: operationOutcome(parsed.left.map((p) => ({ code: "invalid", text: p.message, pointer: p.pointer }))), log: { outcome: "invalid-request", problems: parsed.left.length } };
  }
  const request = parsed.right;
  const prefetch = await completePrefetch(request, env);
  if ("unavailable" in prefetch) {
    const issues = prefetch.unavailable.map((u) => ({ code: "not-found" as const, text: `prefetch key \`${u.key}\` (${env.templates[u.key]}) is missing and cannot be fetched: ${u.reason}`, pointer: `/prefetch/${u.key}` }));
    return { status: 412, body: operationOutcome(issues), log: { outcome: "missing-prefetch", keys: prefetch.unavailable.map((u) => u.key) } };
  }
  const full: HookRequest = { ...request, prefetch: prefetch.value };
  const at = formatInstant(now.getTime());
  const read = readHookRequest(full, { now: at, templates: env.templates, mappings: env.mappings, ...(env.config.setting === undefined ? {} : { setting: env.config.setting }) });
  if (read._tag === "Left") {
    const noSetting = read.left.some((d) => d.code === "fhir/no-setting");
    const issues = read.left.filter((d) => d.severity === "error").map((d) => ({ code: noSetting ? ("not-found" as const) : ("invalid" as const), text: d.message, ...(d.location === undefined ? {} : { pointer: d.location.pointer }) }));
    // Without a care setting nothing can be decided: the encounter is data the service needs and does not have.
    return { status: noSetting ? 412 : 400, body: operationOutcome(issues), log: { outcome: noSetting ? "no-setting" : "unreadable-record", codes: read.left.map((d) => d.code) } };
  }
  const patient = env.store.patient(client, request.context.patientId);
  const since = windowStart(now, env.policy.acknowledgementWindow);
  const acknowledged = env.store.acknowledgements(patient, since);
  const context: PatientContextInput = acknowledged.length === 0 ? read.right.context : { ...read.right.context, acknowledgedAlerts: [...(read.right.context.acknowledgedAlerts ?? []), ...acknowledged] };
  const decision = evaluate(env.evaluator, context, { now: at, alertPolicy: env.policy });
  if (decision._tag === "Left") {
    const card = unavailableCard(request.hookInstance, decision.left.map((d) => d.message));
    return { status: 200, body: { cards: [card] }, log: { outcome: "not-evaluated", codes: decision.left.map((d) => d.code), cards: 1 } };
  }

  const hidden = env.store.cardsWithFeedback(patient, since);
  const drafts = service.hook === "order-select" ? read.right.selections : read.right.draftOrders;
  if (service.hook === "order-sign") for (const key of env.store.shownAtSelect(patient, read.right.draftOrders, since)) hidden.add(key);
  const result = decisionToCards(decision.right, {
    hook: service.hook,
    hookInstance: request.hookInstance,
    patient: { reference: `Patient/${request.context.patientId}` },
    guidelines: env.guidelines,
    context,
    provenance: read.right.provenance,
    draftOrders: drafts,
    hidden,
    maxCards: env.config.maxCards,
  });
  env.store.recordIssued({ service: service.id, hook: service.hook, patient, at }, result.issued);
  if (service.hook === "order-select") env.store.recordShownAtSelect(patient, read.right.selections, result.issued.map((c) => c.key), at);
  return {
    status: 200,
    body: { cards: result.cards },
    log: { outcome: "answered", cards: result.cards.length, hidden: result.hidden.length, overCap: result.overCap.length, notes: read.right.diagnostics.filter((d) => d.severity !== "info").map((d) => d.code) },
  };
}

/** The prefetch with what was missing fetched and every search result's pages read, or the keys that cannot be had. */
async function completePrefetch(request: HookRequest, env: HookEnvironment): Promise<{ value: Record<string, unknown> } | { unavailable: readonly { key: string; reason: string }[] }> {
  const missing = missingPrefetch(request, env.templates);
  const { fetched, unavailable } = await fetchMissing(request, missing, env.fetchLimits);
  if (unavailable.length > 0) return { unavailable };
  const value: Record<string, unknown> = { ...fetched };
  for (const [key, v] of Object.entries(request.prefetch ?? {})) value[key] = await withAllPages(v, request, env.fetchLimits);
  return { value };
}

/** The one card sent when the record cannot be evaluated: the clinician is told that no advice was given, and why. */
function unavailableCard(hookInstance: string, reasons: readonly string[]): Card {
  return {
    uuid: cardUuid({ hookInstance, card: "steward/not-evaluated" }),
    summary: "No antimicrobial stewardship advice: the record holds data the guidelines cannot be evaluated with",
    detail: ["The record was not evaluated:", ...reasons.map((r) => `- ${markdownText(r)}`)].join("\n"),
    indicator: "warning",
    source: { label: "Steward" },
  };
}

/** The start of the window that ends `now`: acknowledgements and order-select cards older than it no longer count. */
export function windowStart(now: Date, window: AlertPolicy["acknowledgementWindow"]): string {
  return formatInstant(addTime(now.getTime(), -window.value, window.unit));
}
