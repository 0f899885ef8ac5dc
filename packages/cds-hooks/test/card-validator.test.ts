import { describe, expect, test } from "vitest";
import { conformanceRoot, corpusFiles, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { validateCdsResponse } from "../src/index.js";

const card = { uuid: "4e0a3a1e-3283-4575-ab82-028d55fe2719", summary: "Example", indicator: "info", source: { label: "Example source" } };
const without = (key: string): Record<string, unknown> => Object.fromEntries(Object.entries(card).filter(([k]) => k !== key));
const problems = (response: unknown): string[] => validateCdsResponse(response).map((p) => `${p.pointer}: ${p.message}`);

describe.skipIf(conformanceRoot === undefined)(`the specification's own example responses${corpusNote}`, () => {
  const responses = [...corpusFiles("cds-hooks/spec-examples").filter((f) => f.includes("/response-")), "cds-hooks/logical-models-draft/binary-CDSHooksResponse.json"];

  test("there are five example responses to check", () => {
    expect(responses).toHaveLength(5);
  });

  test.each(responses.filter((f) => !f.includes("autolaunchable") && !f.includes("system-actions")))("%s is valid (uuids being optional in the specification)", (file) => {
    expect(validateCdsResponse(corpusJson(file), { requireUuids: false })).toEqual([]);
  });

  test("the autolaunchable example leaves out `indicator`, which the specification's table requires (the draft logical model makes it optional)", () => {
    expect(validateCdsResponse(corpusJson("cds-hooks/spec-examples/response-card-autolaunchable.json"), { requireUuids: false })).toEqual([{ pointer: "/cards/0/indicator", message: "required: one of info, warning, critical" }]);
  });

  test("the system-actions example is valid: an action outside a card needs no description, and the resource's fields are FHIR's, not checked here", () => {
    expect(validateCdsResponse(corpusJson("cds-hooks/spec-examples/response-system-actions.json"))).toEqual([]);
  });
});

describe("each rule of the specification is checked", () => {
  test("a response is an object with an array of cards; an empty array is the answer with no guidance", () => {
    expect(problems([])).toEqual([": a response must be a JSON object"]);
    expect(problems({})).toEqual([": no object may be empty: leave the field out", "/cards: `cards` is required and must be an array (empty when there is no guidance)"]);
    expect(problems({ cards: [] })).toEqual([]);
  });

  test("summary is required and under 140 characters", () => {
    expect(problems({ cards: [{ ...card, summary: "x".repeat(139) }] })).toEqual([]);
    expect(problems({ cards: [{ ...card, summary: "x".repeat(140) }] })).toEqual(["/cards/0/summary: `summary` must be under 140 characters; it has 140"]);
    expect(problems({ cards: [without("summary")] })).toEqual(["/cards/0/summary: `summary` is required and must be a string"]);
  });

  test("indicator is one of info, warning and critical", () => {
    expect(problems({ cards: [{ ...card, indicator: "hard-stop" }] })).toEqual(['/cards/0/indicator: must be one of info, warning, critical; got "hard-stop"']);
  });

  test("source and its label are required", () => {
    expect(problems({ cards: [{ ...card, source: { url: "https://example.org" } }] })).toEqual(["/cards/0/source/label: `source.label` is required and must be a string"]);
    expect(problems({ cards: [without("source")] })).toEqual(["/cards/0/source: `source` is required and must be an object"]);
    expect(problems({ cards: [{ ...card, source: { label: "x", url: "not a url" } }] })).toEqual(["/cards/0/source/url: `not a url` is not an absolute URL"]);
  });

  test("suggestions need a selection behaviour, and with at-most-one at most one is recommended (cds-resp-1, cds-resp-6)", () => {
    const suggestion = (isRecommended: boolean, uuid: string) => ({ label: "Order it", uuid, isRecommended, actions: [{ type: "create", description: "order", resource: { resourceType: "MedicationRequest" } }] });
    const two = [suggestion(true, "00000000-0000-8000-8000-000000000001"), suggestion(true, "00000000-0000-8000-8000-000000000002")];
    expect(problems({ cards: [{ ...card, suggestions: two }] })).toEqual(["/cards/0/selectionBehavior: `selectionBehavior` is required when a card has suggestions"]);
    expect(problems({ cards: [{ ...card, suggestions: two, selectionBehavior: "at-most-one" }] })).toEqual(["/cards/0/suggestions: with `selectionBehavior` at-most-one, at most one suggestion may be recommended; 2 are"]);
    expect(problems({ cards: [{ ...card, suggestions: two, selectionBehavior: "any" }] })).toEqual([]);
    expect(problems({ cards: [{ ...card, selectionBehavior: "any" }] })).toEqual(["/cards/0/selectionBehavior: `selectionBehavior` is given but the card has no suggestions"]);
  });

  test("actions in a suggestion have a description; a delete names its resource and carries none; a create carries one (cds-resp-2, cds-resp-5)", () => {
    const withActions = (actions: unknown[]) => ({ cards: [{ ...card, selectionBehavior: "any", suggestions: [{ label: "x", uuid: card.uuid, actions }] }] });
    expect(problems(withActions([{ type: "create", resource: { resourceType: "Task" } }]))).toEqual(["/cards/0/suggestions/0/actions/0/description: `description` is required for an action in a suggestion"]);
    expect(problems(withActions([{ type: "delete", description: "remove", resource: { resourceType: "Task" } }]))).toEqual([
      "/cards/0/suggestions/0/actions/0/resourceId: a delete action needs `resourceId`",
      "/cards/0/suggestions/0/actions/0/resource: a delete action carries no `resource`",
    ]);
    expect(problems(withActions([{ type: "create", description: "make" }]))).toEqual(["/cards/0/suggestions/0/actions/0/resource: a create action needs a FHIR `resource` with a `resourceType`"]);
    expect(problems(withActions([{ type: "delete", description: "remove", resourceId: "Task/1" }]))).toEqual([]);
  });

  test("every override reason has a display (cds-resp-4)", () => {
    expect(problems({ cards: [{ ...card, overrideReasons: [{ system: "https://example.org", code: "a" }] }] })).toEqual(["/cards/0/overrideReasons/0/display: an override reason needs a `display`"]);
  });

  test("links have a label, a URL and a type; only SMART links carry appContext (cds-resp-3)", () => {
    expect(problems({ cards: [{ ...card, links: [{ label: "x", url: "https://example.org", type: "absolute", appContext: "{}" }] }] })).toEqual(["/cards/0/links/0/appContext: `appContext` is only for links of type smart"]);
    expect(problems({ cards: [{ ...card, links: [{ label: "x", url: "https://example.org" }] }] })).toEqual(["/cards/0/links/0/type: required: one of absolute, smart"]);
  });

  test("no value is null or empty, anywhere, including inside the FHIR resources of actions", () => {
    expect(problems({ cards: [{ ...card, detail: "" }] })).toEqual(["/cards/0/detail: no value may be an empty string: leave the field out"]);
    expect(problems({ cards: [{ ...card, links: [] }] })).toEqual(["/cards/0/links: no array may be empty: leave the field out"]);
    expect(problems({ cards: [{ ...card, source: { label: "x", topic: null } }] })).toEqual(["/cards/0/source/topic: no value may be null: leave the field out", "/cards/0/source/topic: a coding must be an object"]);
    const action = { type: "create", description: "x", resource: { resourceType: "Task", note: [{}] } };
    expect(problems({ cards: [{ ...card, selectionBehavior: "any", suggestions: [{ label: "x", uuid: card.uuid, actions: [action] }] }] })).toEqual(["/cards/0/suggestions/0/actions/0/resource/note/0: no object may be empty: leave the field out"]);
  });

  test("cards and suggestions need uuids, or no feedback can name them; a uuid is a UUID", () => {
    expect(problems({ cards: [without("uuid")] })).toEqual(["/cards/0/uuid: a `uuid` is needed, or no feedback can refer to it"]);
    expect(validateCdsResponse({ cards: [without("uuid")] }, { requireUuids: false })).toEqual([]);
    expect(problems({ cards: [{ ...card, uuid: "card-1" }] })).toEqual(["/cards/0/uuid: `uuid` must be a UUID"]);
  });

  test("a field the specification does not define is reported (extension is allowed)", () => {
    expect(problems({ cards: [{ ...card, severity: "high", extension: { "org.example": 1 } }] })).toEqual(["/cards/0/severity: `severity` is not a field of this object"]);
  });
});
