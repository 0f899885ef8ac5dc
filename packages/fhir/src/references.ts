/**
 * Resolving references between the resources of one input: relative (`Patient/f201`), absolute
 * (`https://example.com/base/Patient/f201`), by `fullUrl` (`urn:uuid:…`), and to resources
 * contained in the referring one (`#med0302`).
 */
import { objectsAt, pointerTo, textAt, type JsonObject } from "./json-value.js";
import { locate, type LocatedResource } from "./located.js";

/** Looks resources up by the ways a reference can name them. */
export class ResourceIndex {
  private readonly byKey = new Map<string, LocatedResource>();
  /** Every resource some reference has led to. */
  readonly referenced = new Set<LocatedResource>();

  constructor(readonly resources: readonly LocatedResource[]) {
    for (const r of resources) {
      // invariant: the first resource with a key wins, so a duplicate never replaces what was read first
      if (r.fullUrl !== undefined && !this.byKey.has(r.fullUrl)) this.byKey.set(r.fullUrl, r);
      if (r.id !== undefined && !this.byKey.has(`${r.type}/${r.id}`)) this.byKey.set(`${r.type}/${r.id}`, r);
    }
  }

  /** The resource a Reference element points at, as seen from `from`; undefined when it is not in the input. */
  resolve(reference: JsonObject | undefined, from: LocatedResource): LocatedResource | undefined {
    const ref = textAt(reference, "reference");
    if (ref === undefined) return undefined;
    if (ref.startsWith("#")) return contained(from, ref.slice(1));
    const found = this.byKey.get(ref) ?? this.byKey.get(relativeForm(ref) ?? "");
    if (found !== undefined) this.referenced.add(found);
    return found;
  }

  /** The key two references to the same resource share (`Patient/f201`), whether or not it is in the input. */
  identity(reference: JsonObject | undefined, from: LocatedResource): string | undefined {
    const found = this.resolve(reference, from);
    if (found !== undefined) return keyOf(found);
    const ref = textAt(reference, "reference");
    return ref === undefined ? undefined : (relativeForm(ref) ?? ref);
  }
}

/** The key a resource is known by: `Type/id`, else its fullUrl. */
export function keyOf(r: LocatedResource): string {
  return r.id !== undefined ? `${r.type}/${r.id}` : (r.fullUrl ?? r.pointer);
}

/** `Type/id` from a relative or absolute reference (a `_history` version is dropped); undefined for other forms. */
function relativeForm(ref: string): string | undefined {
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
  return m === null ? undefined : `${m[1]}/${m[2]}`;
}

function contained(from: LocatedResource, id: string): LocatedResource | undefined {
  const found = objectsAt(from.resource, "contained").find(({ value }) => textAt(value, "id") === id);
  return found === undefined ? undefined : locate(found.value, pointerTo(from.pointer, "contained", found.index), undefined);
}
