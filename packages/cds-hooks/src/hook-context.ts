/**
 * A hook request read into a patient context: its prefetch and its draft orders through `fromFhir`,
 * with the service's prefetch templates, so a key sent as `null` says "none" and a key holding an
 * OperationOutcome leaves what it would have held unknown. Also: which prefetch keys are missing,
 * and the draft orders the call is about.
 */
import type { Diagnostic, PatientContextInput, vocabulary } from "@steward/core";
import { fromFhir, type ContextProvenance, type FhirMappings } from "@steward/fhir";
import { left, type Either } from "#fp-ts/either";
import type { HookRequest } from "./hook-request.js";
import { renderTemplate } from "./prefetch-tokens.js";

/** How to read a hook request. */
export interface HookReadOptions {
  /** The moment to read the record at. */
  readonly now: string;
  /** The service's prefetch templates by key. */
  readonly templates: Readonly<Record<string, string>>;
  /** The care setting, when the service is configured with one. */
  readonly setting?: vocabulary.CareSetting;
  readonly mappings?: Partial<FhirMappings>;
}

/** The context of a hook call, ready to evaluate. */
export interface HookReading {
  readonly context: PatientContextInput;
  readonly provenance: ContextProvenance;
  /** What `fromFhir` could not use. */
  readonly diagnostics: readonly Diagnostic[];
  /** The draft orders' ids (the context's order ids). */
  readonly draftOrders: readonly string[];
  /** For order-select: the ids of the orders selected. */
  readonly selections: readonly string[];
}

/** The prefetch keys the request leaves out whose query its context lets the service make, with that query. */
export function missingPrefetch(request: HookRequest, templates: Readonly<Record<string, string>>): { readonly key: string; readonly query: string }[] {
  return Object.entries(templates).flatMap(([key, template]) => {
    if (request.prefetch !== undefined && key in request.prefetch) return [];
    const query = renderTemplate(template, request);
    // A template whose context field the hook did not send (no encounter) asks for nothing.
    return query === undefined ? [] : [{ key, query }];
  });
}

const idOf = (reference: string): string => reference.slice(reference.indexOf("/") + 1);

/** Reads the request (with whatever prefetch the service has added) into a context. */
export function readHookRequest(request: HookRequest, options: HookReadOptions): Either<readonly Diagnostic[], HookReading> {
  // Only the keys the service asked for are read: the specification lets a service receive no other data.
  const prefetch = Object.fromEntries(Object.entries(request.prefetch ?? {}).filter(([key]) => key in options.templates));
  const read = fromFhir(
    { prefetch, context: request.context.draftOrders === undefined ? {} : { draftOrders: request.context.draftOrders } },
    { now: options.now, prefetchTemplates: options.templates, ...(options.setting === undefined ? {} : { setting: options.setting }), ...(options.mappings === undefined ? {} : { mappings: options.mappings }) },
  );
  if (read._tag === "Left") return read;
  // The record must be about the patient the hook names: advice for another patient is the worst error there is.
  const named = `Patient/${request.context.patientId}`;
  if (read.right.patient?.startsWith("Patient/") === true && read.right.patient !== named) {
    return left([{ code: "fhir/other-patient", severity: "error", message: `the prefetched record is about ${read.right.patient}, but the hook's context names ${named}`, location: { pointer: "/prefetch" } }]);
  }
  const drafts = (request.context.draftOrders?.["entry"] as { resource?: { id?: unknown } }[] | undefined) ?? [];
  return {
    _tag: "Right",
    right: {
      context: read.right.context,
      provenance: read.right.provenance,
      diagnostics: read.right.diagnostics,
      draftOrders: drafts.flatMap((e) => (typeof e.resource?.id === "string" ? [e.resource.id] : [])),
      selections: (request.context.selections ?? []).map(idOf),
    },
  };
}
