/**
 * A checker for CDS Hooks responses, written from the specification (CDS Hooks 2.0, "CDS Service
 * Response", "Use of JSON") and the draft logical model of the response (its invariants cds-resp-1
 * to cds-resp-6). It walks the response once and reports every problem with the JSON pointer of
 * the value at fault; an empty list means the response is valid.
 */
import { characters, SUMMARY_LIMIT } from "./card-text.js";

/** One thing wrong with a response, where it is. */
export interface ResponseProblem {
  /** The JSON pointer of the value at fault. */
  readonly pointer: string;
  readonly message: string;
}

/** What to check beyond the specification's own rules. */
export interface ValidationOptions {
  /**
   * Every card and suggestion must have a `uuid` (the specification makes it optional, but a card
   * without one never gets feedback). Default true.
   */
  readonly requireUuids?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Report = (pointer: string, message: string) => void;

const indicators = ["info", "warning", "critical"];
const selectionBehaviors = ["at-most-one", "any"];
const actionTypes = ["create", "update", "delete"];
const linkTypes = ["absolute", "smart"];
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields each object of a response may have (`extension` is allowed everywhere, as the specification reserves it). */
const fields = {
  response: ["cards", "systemActions"],
  card: ["uuid", "summary", "detail", "indicator", "source", "suggestions", "selectionBehavior", "overrideReasons", "links"],
  source: ["label", "url", "icon", "topic"],
  suggestion: ["label", "uuid", "isRecommended", "actions", "actionSelectionBehavior"],
  action: ["type", "description", "resource", "resourceId"],
  coding: ["system", "code", "display"],
  link: ["label", "url", "type", "appContext", "autolaunchable"],
} as const;

const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
const at = (pointer: string, key: string | number): string => `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

/** Checks a whole response (`{ "cards": [...] }`); returns every problem found. */
export function validateCdsResponse(response: unknown, options: ValidationOptions = {}): ResponseProblem[] {
  const problems: ResponseProblem[] = [];
  const report: Report = (pointer, message) => problems.push({ pointer, message });
  const requireUuids = options.requireUuids ?? true;
  if (!isObject(response)) {
    report("", "a response must be a JSON object");
    return problems;
  }
  noNullOrEmpty(response, "", report, true);
  knownFields(response, "", fields.response, report);
  const cards = response["cards"];
  if (!Array.isArray(cards)) report("/cards", "`cards` is required and must be an array (empty when there is no guidance)");
  else cards.forEach((card, i) => checkCard(card, at("/cards", i), report, requireUuids));
  const actions = response["systemActions"];
  if (actions !== undefined) {
    if (!Array.isArray(actions)) report("/systemActions", "`systemActions` must be an array");
    else actions.forEach((action, i) => checkAction(action, at("/systemActions", i), report, false));
  }
  return problems;
}

function checkCard(card: Json, pointer: string, report: Report, requireUuids: boolean): void {
  if (!isObject(card)) return report(pointer, "a card must be an object");
  knownFields(card, pointer, fields.card, report);
  uuid(card["uuid"], at(pointer, "uuid"), report, requireUuids);
  const summary = card["summary"];
  if (typeof summary !== "string") report(at(pointer, "summary"), "`summary` is required and must be a string");
  else if (characters(summary) > SUMMARY_LIMIT) report(at(pointer, "summary"), `\`summary\` must be under 140 characters; it has ${characters(summary)}`);
  optionalString(card, "detail", pointer, report);
  oneOf(card["indicator"], indicators, at(pointer, "indicator"), report, true);
  checkSource(card["source"], at(pointer, "source"), report);

  const suggestions = card["suggestions"];
  const behavior = card["selectionBehavior"];
  oneOf(behavior, selectionBehaviors, at(pointer, "selectionBehavior"), report, false);
  if (suggestions !== undefined) {
    if (!Array.isArray(suggestions)) report(at(pointer, "suggestions"), "`suggestions` must be an array");
    else {
      // cds-resp-6: suggestions need a selection behavior.
      if (behavior === undefined) report(at(pointer, "selectionBehavior"), "`selectionBehavior` is required when a card has suggestions");
      suggestions.forEach((s, i) => checkSuggestion(s, at(at(pointer, "suggestions"), i), report, requireUuids));
      // cds-resp-1: with at-most-one, at most one suggestion is recommended.
      const recommended = suggestions.filter((s) => isObject(s) && s["isRecommended"] === true).length;
      if (behavior === "at-most-one" && recommended > 1) report(at(pointer, "suggestions"), `with \`selectionBehavior\` at-most-one, at most one suggestion may be recommended; ${recommended} are`);
    }
  } else if (behavior !== undefined) report(at(pointer, "selectionBehavior"), "`selectionBehavior` is given but the card has no suggestions");

  const reasons = card["overrideReasons"];
  if (reasons !== undefined) {
    if (!Array.isArray(reasons)) report(at(pointer, "overrideReasons"), "`overrideReasons` must be an array of codings");
    // cds-resp-4: every override reason has a display.
    else reasons.forEach((r, i) => checkCoding(r, at(at(pointer, "overrideReasons"), i), report, true));
  }
  const links = card["links"];
  if (links !== undefined) {
    if (!Array.isArray(links)) report(at(pointer, "links"), "`links` must be an array");
    else links.forEach((l, i) => checkLink(l, at(at(pointer, "links"), i), report));
  }
}

function checkSource(source: Json | undefined, pointer: string, report: Report): void {
  if (!isObject(source)) return report(pointer, "`source` is required and must be an object");
  knownFields(source, pointer, fields.source, report);
  if (typeof source["label"] !== "string") report(at(pointer, "label"), "`source.label` is required and must be a string");
  url(source["url"], at(pointer, "url"), report, false);
  url(source["icon"], at(pointer, "icon"), report, false);
  if (source["topic"] !== undefined) checkCoding(source["topic"], at(pointer, "topic"), report, false);
}

function checkSuggestion(suggestion: Json, pointer: string, report: Report, requireUuids: boolean): void {
  if (!isObject(suggestion)) return report(pointer, "a suggestion must be an object");
  knownFields(suggestion, pointer, fields.suggestion, report);
  if (typeof suggestion["label"] !== "string") report(at(pointer, "label"), "`label` is required and must be a string");
  uuid(suggestion["uuid"], at(pointer, "uuid"), report, requireUuids);
  const recommended = suggestion["isRecommended"];
  if (recommended !== undefined && typeof recommended !== "boolean") report(at(pointer, "isRecommended"), "`isRecommended` must be true or false");
  oneOf(suggestion["actionSelectionBehavior"], ["all", "any", "at-most-one"], at(pointer, "actionSelectionBehavior"), report, false);
  const actions = suggestion["actions"];
  if (actions !== undefined) {
    if (!Array.isArray(actions)) report(at(pointer, "actions"), "`actions` must be an array");
    // cds-resp-5: an action in a suggestion has a description.
    else actions.forEach((a, i) => checkAction(a, at(at(pointer, "actions"), i), report, true));
  }
}

function checkAction(action: Json, pointer: string, report: Report, needsDescription: boolean): void {
  if (!isObject(action)) return report(pointer, "an action must be an object");
  knownFields(action, pointer, fields.action, report);
  const type = action["type"];
  oneOf(type, actionTypes, at(pointer, "type"), report, true);
  if (needsDescription && typeof action["description"] !== "string") report(at(pointer, "description"), "`description` is required for an action in a suggestion");
  else optionalString(action, "description", pointer, report);
  const resource = action["resource"];
  const resourceId = action["resourceId"];
  if (type === "delete") {
    // cds-resp-2: a delete names the resource and carries none.
    if (typeof resourceId !== "string") report(at(pointer, "resourceId"), "a delete action needs `resourceId`");
    if (resource !== undefined) report(at(pointer, "resource"), "a delete action carries no `resource`");
  } else if (type === "create" || type === "update") {
    if (!isObject(resource) || typeof resource["resourceType"] !== "string") report(at(pointer, "resource"), `a${type === "update" ? "n update" : " create"} action needs a FHIR \`resource\` with a \`resourceType\``);
  }
}

function checkCoding(coding: Json, pointer: string, report: Report, needsDisplay: boolean): void {
  if (!isObject(coding)) return report(pointer, "a coding must be an object");
  knownFields(coding, pointer, fields.coding, report);
  if (typeof coding["system"] !== "string") report(at(pointer, "system"), "`system` is required");
  if (typeof coding["code"] !== "string") report(at(pointer, "code"), "`code` is required");
  if (needsDisplay && typeof coding["display"] !== "string") report(at(pointer, "display"), "an override reason needs a `display`");
  else optionalString(coding, "display", pointer, report);
}

function checkLink(link: Json, pointer: string, report: Report): void {
  if (!isObject(link)) return report(pointer, "a link must be an object");
  knownFields(link, pointer, fields.link, report);
  if (typeof link["label"] !== "string") report(at(pointer, "label"), "`label` is required and must be a string");
  const type = link["type"];
  oneOf(type, linkTypes, at(pointer, "type"), report, true);
  url(link["url"], at(pointer, "url"), report, true, type === "smart");
  // cds-resp-3: only a SMART link carries appContext.
  if (link["appContext"] !== undefined && type !== "smart") report(at(pointer, "appContext"), "`appContext` is only for links of type smart");
  optionalString(link, "appContext", pointer, report);
  const auto = link["autolaunchable"];
  if (auto !== undefined && typeof auto !== "boolean") report(at(pointer, "autolaunchable"), "`autolaunchable` must be true or false");
}

function uuid(value: Json | undefined, pointer: string, report: Report, required: boolean): void {
  if (value === undefined) {
    if (required) report(pointer, "a `uuid` is needed, or no feedback can refer to it");
  } else if (typeof value !== "string" || !uuidPattern.test(value)) report(pointer, "`uuid` must be a UUID");
}

function url(value: Json | undefined, pointer: string, report: Report, required: boolean, relativeAllowed = false): void {
  if (value === undefined) {
    if (required) report(pointer, "a URL is required");
    return;
  }
  if (typeof value !== "string") return report(pointer, "a URL must be a string");
  if (relativeAllowed) return;
  try {
    new URL(value);
  } catch {
    report(pointer, `\`${value}\` is not an absolute URL`);
  }
}

function oneOf(value: Json | undefined, allowed: readonly string[], pointer: string, report: Report, required: boolean): void {
  if (value === undefined) {
    if (required) report(pointer, `required: one of ${allowed.join(", ")}`);
  } else if (typeof value !== "string" || !allowed.includes(value)) report(pointer, `must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}`);
}

function optionalString(object: { [key: string]: Json }, key: string, pointer: string, report: Report): void {
  const value = object[key];
  if (value !== undefined && typeof value !== "string") report(at(pointer, key), `\`${key}\` must be a string`);
}

function knownFields(object: { [key: string]: Json }, pointer: string, allowed: readonly string[], report: Report): void {
  for (const key of Object.keys(object)) if (key !== "extension" && !allowed.includes(key)) report(at(pointer, key), `\`${key}\` is not a field of this object`);
}

/** The specification's "Use of JSON": no value is null, "", [] or {} (only the top-level `cards` may be empty). FHIR resources inside actions are held to the same rule. */
function noNullOrEmpty(value: Json, pointer: string, report: Report, top = false): void {
  if (value === null) return report(pointer, "no value may be null: leave the field out");
  if (value === "") return report(pointer, "no value may be an empty string: leave the field out");
  if (Array.isArray(value)) {
    if (value.length === 0 && !(top && pointer === "/cards")) report(pointer, "no array may be empty: leave the field out");
    value.forEach((v, i) => noNullOrEmpty(v, at(pointer, i), report));
  } else if (isObject(value)) {
    if (Object.keys(value).length === 0) report(pointer, "no object may be empty: leave the field out");
    for (const [key, v] of Object.entries(value)) noNullOrEmpty(v, at(pointer, key), report, top && pointer === "");
  }
}
