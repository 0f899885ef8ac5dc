import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { auditPatient, contextHistory, fhirHistory, prepareAudit, type AuditRow, type Auditor } from "../src/index.js";
import { population, stories, syntheticFhirMappings, syntheticSites, writePopulation } from "../src/synthetic/index.js";
import { bundledGuidelines } from "../../../test/support/guidelines.js";

const prepared = prepareAudit(bundledGuidelines());
if (prepared._tag === "Left") throw new Error(prepared.left.map((d) => d.message).join("; "));
const auditor: Auditor = prepared.right;
const made = population({ patients: 300, seed: 7 });
if (made._tag === "Left") throw new Error(made.left.map((d) => d.message).join("; "));
const people = [...made.right.patients()];
const asOf = made.right.asOf;
const exportedTypes = ["AllergyIntolerance", "Condition", "DiagnosticReport", "Encounter", "MedicationRequest", "Observation", "Patient"];

function contextRows(): AuditRow[] {
  return people.flatMap((p) => {
    const history = contextHistory(p.key, p.site, p.context);
    if (history._tag === "Left") throw new Error(`${p.key}: ${history.left.map((d) => d.message).join("; ")}`);
    return auditPatient(auditor, history.right, { asOf });
  });
}

describe("a synthetic population", () => {
  test("gives every story exactly its share, and the same patients for the same seed", () => {
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.story, (counts.get(p.story) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(stories.map((s) => [s.id, (s.share * 300) / 100])));
    const again = population({ patients: 300, seed: 7 });
    expect(again._tag === "Right" && [...again.right.patients(100, 103)]).toEqual(people.slice(100, 103));
    const other = population({ patients: 300, seed: 8 });
    expect(other._tag === "Right" && [...other.right.patients(0, 20)].map((p) => p.story)).not.toEqual(people.slice(0, 20).map((p) => p.story));
  });

  test("refuses shares that do not add up to 100, naming the problem", () => {
    const bad = population({ patients: 10, seed: 1, stories: stories.slice(1) });
    expect(bad._tag === "Left" && bad.left.map((d) => [d.code, d.message])).toEqual([["audit/invalid-population", "the stories' shares add up to 88, not 100"]]);
  });

  test("audited from the contexts, every course comes out as planted", () => {
    const rows = contextRows();
    const planted = people.flatMap((p) => p.planted);
    expect(rows.length).toBe(planted.length);
    const found = rows.map((r) => ({
      patient: r.patient,
      order: r.order,
      site: r.site,
      month: r.month,
      setting: r.setting,
      drug: r.drug,
      aware: r.aware,
      indication: r.indication,
      recommendation: r.recommendation,
      duration: r.duration,
      review: r.review,
      ivos: r.ivos,
      stayedIv: (r.ivosHoursIvAfter ?? 0) >= 24,
      alerts: r.alerts.map((a) => `${a.guideline}/${a.rule}`).sort(),
      strategies: r.strategies,
      indicationUnrecognised: r.indicationUnrecognised,
    }));
    expect(found).toEqual(planted.map(({ patient, order, site, month, setting, drug, aware, indication, recommendation, duration, review, ivos, stayedIv, alerts, strategies, indicationUnrecognised }) => ({ patient, order, site, month, setting, drug, aware, indication, recommendation, duration, review, ivos, stayedIv, alerts, strategies, indicationUnrecognised })));
    expect(rows.every((r) => r.status === "evaluated")).toBe(true);
  });

  test("audited from its FHIR Bulk Data resources, it gives the same rows as from the contexts, except the reviews FHIR does not record", () => {
    const organizations = new Map(syntheticSites.map((s) => [s.site, s.organization]));
    const fhirRows = people.flatMap((p) => {
      const history = fhirHistory({ key: p.key, site: p.site, resources: [...p.resources, organizations.get(p.site)!], exportedTypes }, { asOf, defaultSetting: "primary-care", mappings: syntheticFhirMappings() });
      if (history._tag === "Left") throw new Error(`${p.key}: ${history.left.map((d) => d.message).join("; ")}`);
      return auditPatient(auditor, history.right, { asOf });
    });
    const withoutReview = (r: AuditRow) => ({ ...r, review: undefined, reviewHours: undefined });
    expect(fhirRows.map(withoutReview)).toEqual(contextRows().map(withoutReview));
    expect(new Set(fhirRows.map((r) => r.review))).toEqual(new Set(["not-applicable", "unknown"]));
  });
});

describe("the population bundled in examples/surveillance/population", () => {
  test("is exactly what `pnpm population examples/surveillance/population --patients 60 --seed 20261125` writes", async () => {
    const bundled = new URL("../../../examples/surveillance/population/", import.meta.url).pathname;
    const fresh = mkdtempSync(join(tmpdir(), "steward-population-"));
    try {
      await writePopulation(fresh, { patients: 60, seed: 20261125 });
      const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.includes(".")).sort();
      expect(files(bundled)).toEqual(files(fresh));
      for (const f of files(fresh)) expect(readFileSync(join(bundled, f), "utf8"), f).toBe(readFileSync(join(fresh, f), "utf8"));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
