/**
 * The shapes `fromFhir` accepts, flattened into one list of resources: a Bundle of any type
 * (nested Bundles of a batch-response included), an array of resources, a single resource, a CDS
 * Hooks `prefetch` object, or a whole CDS Hooks request. Along the way it notes which resource types
 * were searched (an empty search result means "none") and which fetches failed (their data is unknown).
 */
import type { Diagnostic } from "@steward/core";
import { withoutTrailingSlashes } from "./codes.js";
import { isObject, objectAt, objectsAt, pointerTo, textAt, type JsonObject } from "./json-value.js";
import { aboutInput, locate, type LocatedResource } from "./located.js";

/** Everything found in the input. */
export interface CollectedInput {
  readonly resources: readonly LocatedResource[];
  /** Resource types whose complete search result is in the input: none found means there are none. */
  readonly searched: ReadonlySet<string>;
  /** Resource types whose fetch failed or came back incomplete: what they would say is unknown. */
  readonly unavailable: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

/** The resource type a search URL or a prefetch template asks for (`AllergyIntolerance?patient=…`, `Patient/{{…}}`). */
export function searchedType(url: string): string | undefined {
  const path = withoutTrailingSlashes(url.split("?")[0]!);
  const segments = path.split("/");
  // `…/Type?query` names the type last; `…/Type/{id}` names it one before.
  const last = segments[segments.length - 1] ?? "";
  const candidate = url.includes("?") || segments.length === 1 ? last : (segments[segments.length - 2] ?? "");
  return /^[A-Z][A-Za-z]+$/.test(candidate) ? candidate : undefined;
}

class Collector {
  readonly resources: LocatedResource[] = [];
  readonly searched = new Set<string>();
  readonly unavailable = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];

  /** Reads a value that should be a resource (a Bundle is opened). */
  value(value: unknown, pointer: string, fullUrl: string | undefined, expectedType?: string): void {
    if (!isObject(value)) {
      this.diagnostics.push(aboutInput("fhir/invalid-resource", "warning", pointer, "a value that is not an object is not a FHIR resource"));
      return;
    }
    const located = locate(value, pointer, fullUrl);
    if (located === undefined) {
      this.diagnostics.push(aboutInput("fhir/invalid-resource", "warning", pointer, "an object without `resourceType` is not a FHIR resource"));
      return;
    }
    if (located.type === "Bundle") this.bundle(value, pointer, expectedType);
    else if (located.type === "OperationOutcome") this.failure(value, pointer, expectedType);
    else this.resources.push(located);
  }

  private bundle(bundle: JsonObject, pointer: string, expectedType: string | undefined): void {
    const type = textAt(bundle, "type");
    const entries = objectsAt(bundle, "entry");
    let matches = 0;
    const matchTypes = new Set<string>();
    for (const { value: entry, index } of entries) {
      const at = pointerTo(pointer, "entry", index);
      const resource = objectAt(entry, "resource");
      const mode = textAt(objectAt(entry, "search"), "mode");
      const response = objectAt(entry, "response");
      const status = Number.parseInt(textAt(response, "status") ?? "", 10);
      if (status >= 400) {
        const outcome = objectAt(response, "outcome");
        this.failure(outcome, pointerTo(at, "response"), undefined, `the request of this entry failed (status ${status})`);
        continue;
      }
      if (resource === undefined) continue;
      if (mode === "outcome" && textAt(resource, "resourceType") === "OperationOutcome") {
        this.diagnostics.push(aboutInput("fhir/fetch-error", "info", pointerTo(at, "resource"), `the search said: ${issueText(resource)}`));
        continue;
      }
      if (mode !== "include") {
        matches++;
        const t = textAt(resource, "resourceType");
        if (t !== undefined) matchTypes.add(t);
      }
      this.value(resource, pointerTo(at, "resource"), textAt(entry, "fullUrl"), undefined);
    }
    if (type !== "searchset") return;
    // A search result is complete when it has no next page and holds every match it counts.
    const links = objectsAt(bundle, "link").map((l) => l.value);
    const self = links.find((l) => textAt(l, "relation") === "self");
    const selfType = searchedType(textAt(self, "url") ?? "");
    const searched = expectedType ?? selfType ?? (matchTypes.size === 1 ? [...matchTypes][0] : undefined);
    const total = bundle["total"];
    const nextPage = links.some((l) => textAt(l, "relation") === "next");
    const short = typeof total === "number" && total > matches;
    if (searched === undefined) {
      if (entries.length === 0) this.diagnostics.push(aboutInput("fhir/incomplete-list", "info", pointer, "an empty search result that does not say what was searched for says nothing"));
      return;
    }
    if (nextPage || short) {
      this.unavailable.add(searched);
      this.diagnostics.push(
        aboutInput(
          "fhir/incomplete-list",
          "warning",
          pointer,
          `this search result for ${searched} holds ${matches} of ${typeof total === "number" ? total : "more"} matches${nextPage ? " (it has a next page)" : ""}: what ${searched} says is unknown`,
          "fetch every page before evaluating",
        ),
      );
      return;
    }
    this.searched.add(searched);
  }

  private failure(outcome: JsonObject | undefined, pointer: string, expectedType: string | undefined, what = "the fetch failed"): void {
    if (expectedType !== undefined) this.unavailable.add(expectedType);
    const about = expectedType === undefined ? "" : `: what ${expectedType} says is unknown`;
    this.diagnostics.push(aboutInput("fhir/fetch-error", "warning", pointer, `${what}${outcome === undefined ? "" : ` — ${issueText(outcome)}`}${about}`));
  }

  /** A CDS Hooks prefetch object: absent key = not supplied, null = no data, OperationOutcome = fetch error. */
  prefetch(prefetch: JsonObject, pointer: string, templates: Readonly<Record<string, string>>): void {
    for (const key of Object.keys(prefetch).sort()) {
      const value = prefetch[key];
      const at = pointerTo(pointer, key);
      const template = templates[key];
      const type = template === undefined ? undefined : searchedType(template);
      if (value === null) {
        if (type !== undefined) this.searched.add(type);
        else this.diagnostics.push(aboutInput("fhir/incomplete-list", "info", at, `the prefetch key \`${key}\` has no data, but its template is not known, so it says nothing`, "pass the service's prefetch templates as `prefetchTemplates`"));
        continue;
      }
      if (!isObject(value)) {
        this.diagnostics.push(aboutInput("fhir/invalid-resource", "warning", at, `the prefetch key \`${key}\` holds neither a resource nor null`));
        continue;
      }
      if (textAt(value, "resourceType") === "OperationOutcome" && type === undefined) {
        this.failure(value, at, undefined, `the fetch for the prefetch key \`${key}\` failed; its template is not known, so what it would have held cannot be marked unknown`);
        continue;
      }
      this.value(value, at, undefined, type);
    }
  }
}

/** A CDS Hooks request: it names its hook, or carries a prefetch object or a context with draft orders. */
function isHookRequest(input: JsonObject): boolean {
  return typeof input["hook"] === "string" || objectAt(input, "prefetch") !== undefined || objectAt(objectAt(input, "context"), "draftOrders") !== undefined;
}

function issueText(outcome: JsonObject): string {
  const issues = objectsAt(outcome, "issue").map(({ value }) => textAt(value, "diagnostics") ?? textAt(objectAt(value, "details"), "text") ?? textAt(value, "code"));
  const said = issues.filter((t): t is string => t !== undefined);
  return said.length > 0 ? said.join("; ") : "no details given";
}

/** Collects the resources of the input, or fails when the input is not a shape `fromFhir` reads. */
export function collectResources(input: unknown, prefetchTemplates: Readonly<Record<string, string>>): CollectedInput | Diagnostic {
  const c = new Collector();
  if (Array.isArray(input)) {
    input.forEach((item: unknown, i) => c.value(item, `/${i}`, undefined));
  } else if (isObject(input) && typeof input["resourceType"] === "string") {
    c.value(input, "", undefined);
  } else if (isObject(input) && isHookRequest(input)) {
    // A CDS Hooks request (or the part of one that carries data): the prefetch, and the draft orders of order-select and order-sign.
    const prefetch = objectAt(input, "prefetch");
    if (prefetch !== undefined) c.prefetch(prefetch, "/prefetch", prefetchTemplates);
    const drafts = objectAt(objectAt(input, "context"), "draftOrders");
    if (drafts !== undefined) c.value(drafts, "/context/draftOrders", undefined);
  } else if (isObject(input) && Object.values(input).every((v) => v === null || isObject(v))) {
    c.prefetch(input, "", prefetchTemplates);
  } else {
    return aboutInput(
      "fhir/invalid-input",
      "error",
      "",
      "expected a FHIR resource, a Bundle, an array of resources, or a CDS Hooks prefetch object",
      "a FHIR resource has a `resourceType`; a prefetch object maps each key to a resource, a Bundle or null",
    );
  }
  return { resources: c.resources, searched: c.searched, unavailable: c.unavailable, diagnostics: c.diagnostics };
}
