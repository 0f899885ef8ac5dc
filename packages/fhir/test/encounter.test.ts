import { describe, expect, test } from "vitest";
import { defaultMappings, fromFhir } from "../src/index.js";
import { located, NOW, patient, readOk, refused, subject } from "./support.js";

const actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const encounter = (id: string, code: string, period: object, fields: object = {}) => ({ resourceType: "Encounter", id, status: "in-progress", class: { system: actCode, code }, subject, period, ...fields });

describe("the care setting", () => {
  test("an inpatient encounter under way at now makes the setting inpatient, and its start the admission", () => {
    const result = fromFhir([patient, encounter("e1", "IMP", { start: "2026-11-22T07:00:00Z" })], { now: NOW });
    expect(result._tag === "Right" && [result.right.context.setting, result.right.context.admitted]).toEqual(["inpatient", "2026-11-22T07:00:00Z"]);
  });

  test("an emergency encounter is the emergency department; an encounter that ended before now says nothing", () => {
    const emergency = fromFhir([patient, encounter("e1", "EMER", { start: "2026-11-25T07:00:00Z" })], { now: NOW });
    expect(emergency._tag === "Right" && emergency.right.context.setting).toBe("emergency-department");
    expect(refused([patient, encounter("e1", "IMP", { start: "2026-11-01", end: "2026-11-10" })]).map((d) => d.code)).toEqual(["fhir/no-setting"]);
  });

  test("an ambulatory encounter (AMB: a GP consultation or a hospital clinic) is not guessed: it is reported and the reading needs the host's setting", () => {
    const diagnostics = refused([patient, encounter("e1", "AMB", { start: "2026-11-25T08:50:00Z" })]);
    expect(located(diagnostics)).toEqual(["fhir/unmapped-code Encounter/e1 /1/class", "fhir/no-setting -/- "]);
  });

  test("the host can map its own service types to a setting", () => {
    const gp = { coding: [{ system: "https://example.org/service", code: "GP" }] };
    const result = fromFhir([patient, encounter("e1", "AMB", { start: "2026-11-25T08:50:00Z" }, { serviceType: gp })], {
      now: NOW,
      mappings: { settings: [...defaultMappings.settings, { system: "https://example.org/service", code: "GP", means: "primary-care", source: "the practice system's own service code" }] },
    });
    expect(result._tag === "Right" && result.right.provenance.find((p) => p.fact === "/setting")).toEqual({ fact: "/setting", resourceType: "Encounter", id: "e1", pointer: "/1/serviceType" });
  });

  test("the host's setting stands without asking the encounter", () => {
    expect(readOk([encounter("e1", "IMP", { start: "2026-11-22" })], { setting: "outpatient" }).context.setting).toBe("outpatient");
  });

  test("a default setting is used only when no encounter under way says one, and is not named as read from the record", () => {
    const none = fromFhir([patient], { now: NOW, defaultSetting: "primary-care" });
    expect(none._tag === "Right" && [none.right.context.setting, none.right.provenance.some((p) => p.fact === "/setting")]).toEqual(["primary-care", false]);
    const ended = fromFhir([patient, encounter("e1", "IMP", { start: "2026-11-01", end: "2026-11-10" })], { now: NOW, defaultSetting: "primary-care" });
    expect(ended._tag === "Right" && ended.right.context.setting).toBe("primary-care");
    const admitted = fromFhir([patient, encounter("e1", "IMP", { start: "2026-11-22T07:00:00Z" })], { now: NOW, defaultSetting: "primary-care" });
    expect(admitted._tag === "Right" && admitted.right.context.setting).toBe("inpatient");
  });
});
