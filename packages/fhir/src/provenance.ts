/** Which resource each fact of a context read from FHIR came from. */
import { pointerTo } from "./json-value.js";
import type { Source } from "./reading.js";

/** Where one fact of the context came from: the resource, and the field of the input it was read from. */
export interface FactSource {
  /** JSON pointer of the fact in the context (`/orders/0`, `/orders/0/start`, `/patient/birthDate`). */
  readonly fact: string;
  readonly resourceType: string;
  readonly id?: string;
  /** JSON pointer into the input of the resource or field the fact was read from. */
  readonly pointer: string;
}

/** The source of every fact of a context, in the order of the context. */
export type ContextProvenance = readonly FactSource[];

/** The provenance entry saying `fact` came from `source`. */
export function factSource(fact: string, source: Source): FactSource {
  const pointer = pointerTo(source.from.pointer, ...source.steps);
  return source.from.id === undefined ? { fact, resourceType: source.from.type, pointer } : { fact, resourceType: source.from.type, id: source.from.id, pointer };
}

/** The entry for a context fact, or for the nearest enclosing fact that has one (`/orders/0/dose` → `/orders/0`). */
export function sourceOfFact(provenance: ContextProvenance, fact: string): FactSource | undefined {
  for (let at = fact; ; at = at.slice(0, at.lastIndexOf("/"))) {
    const found = provenance.find((p) => p.fact === at);
    if (found !== undefined || at === "") return found;
  }
}
