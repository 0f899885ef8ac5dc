/**
 * What every reader shares: the time the record is read at, the mapping tables, the index of
 * references, and where diagnostics go. Readers return values with their sources, so the context
 * and its provenance are built together.
 */
import type { Diagnostic } from "@steward/core";
import type { FhirTime } from "./fhir-time.js";
import { readTime } from "./fhir-time.js";
import { textAt, type JsonObject } from "./json-value.js";
import { aboutResource, type LocatedResource } from "./located.js";
import type { FhirMappings } from "./mapping-tables.js";
import type { ResourceIndex } from "./references.js";

/** Where a value came from: a resource, and the field inside it (the whole resource when `steps` is empty). */
export interface Source {
  readonly from: LocatedResource;
  readonly steps: readonly (string | number)[];
}

/** A value read from the record, with the resource it came from and the sources of its parts. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: Source;
  /** Sources of fields that came from another resource or another place, by their path inside the value (`/start`). */
  readonly fields?: Readonly<Record<string, Source>>;
}

/** The environment of one `fromFhir` call, passed to every reader. */
export interface Reading {
  /** The moment the record is read at (milliseconds). */
  readonly now: number;
  readonly mappings: FhirMappings;
  readonly index: ResourceIndex;
  /** The patient's resources of one type, in input order. */
  ofType(type: string): readonly LocatedResource[];
  report(d: Diagnostic): void;
  /** Notes a resource the adapter does not use, for one summary per reason. */
  notRead(r: LocatedResource, reason: string): void;
}

/** A source that is the whole resource, or one field of it. */
export function sourceOf(from: LocatedResource, ...steps: readonly (string | number)[]): Source {
  return { from, steps };
}

/** Reads a time field of a resource, reporting it when it is present but not a FHIR date or date-time. */
export function timeAt(reading: Reading, r: LocatedResource, key: string, parent?: { readonly object: JsonObject; readonly steps: readonly (string | number)[] }): FhirTime | undefined {
  const holder = parent?.object ?? r.resource;
  const text = textAt(holder, key);
  if (text === undefined) return undefined;
  const time = readTime(text);
  if (time === undefined) reading.report(aboutResource("fhir/invalid-value", "warning", r, [...(parent?.steps ?? []), key], `\`${text}\` is not a FHIR date or date-time`));
  return time;
}

/** The first code of a `status`-like field: a plain code or the first coding of a CodeableConcept. */
export function statusCode(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const codings = (value as JsonObject)["coding"];
  if (!Array.isArray(codings)) return undefined;
  for (const c of codings as unknown[]) {
    const code = typeof c === "object" && c !== null ? (c as JsonObject)["code"] : undefined;
    if (typeof code === "string") return code;
  }
  return undefined;
}
