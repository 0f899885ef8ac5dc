/** A resource found in the input, with where it was found, and the diagnostics that point at it. */
import type { DataLocation, Diagnostic, DiagnosticCode, Severity } from "@steward/core";
import { pointerTo, textAt, type JsonObject } from "./json-value.js";

/** A FHIR resource and where it sits in the input. */
export interface LocatedResource {
  readonly resource: JsonObject;
  readonly type: string;
  readonly id: string | undefined;
  /** JSON pointer of the resource in the input (`/entry/3/resource`). */
  readonly pointer: string;
  /** The Bundle entry's `fullUrl`, when the resource came in a Bundle. */
  readonly fullUrl: string | undefined;
}

/** Wraps a resource object found at `pointer`; undefined when it has no `resourceType`. */
export function locate(resource: JsonObject, pointer: string, fullUrl: string | undefined): LocatedResource | undefined {
  const type = textAt(resource, "resourceType");
  if (type === undefined) return undefined;
  return { resource, type, id: textAt(resource, "id"), pointer, fullUrl };
}

/** How a resource is named in messages: `Observation/f204`, or its type and position when it has no id. */
export function nameOf(r: LocatedResource): string {
  return r.id === undefined ? `${r.type} at ${r.pointer === "" ? "/" : r.pointer}` : `${r.type}/${r.id}`;
}

/** A diagnostic about a field of a resource (or the resource itself when `steps` is empty). */
export function aboutResource(
  code: DiagnosticCode,
  severity: Severity,
  r: LocatedResource,
  steps: readonly (string | number)[],
  message: string,
  hint?: string,
): Diagnostic {
  const pointer = pointerTo(r.pointer, ...steps);
  const location: DataLocation = r.id === undefined ? { pointer, resourceType: r.type } : { pointer, resourceType: r.type, id: r.id };
  const d = { code, severity, message: `${nameOf(r)}${steps.length > 0 ? ` ${pointer.slice(r.pointer.length)}` : ""}: ${message}`, location };
  return hint === undefined ? d : { ...d, hint };
}

/** A diagnostic about a place in the input that is not inside a resource (a Bundle entry, a prefetch key). */
export function aboutInput(code: DiagnosticCode, severity: Severity, pointer: string, message: string, hint?: string): Diagnostic {
  const d = { code, severity, message: `${pointer === "" ? "the input" : pointer}: ${message}`, location: { pointer } };
  return hint === undefined ? d : { ...d, hint };
}
