/**
 * A seeded synthetic population: each patient is one of the stories (stories.ts), assigned so that
 * every story gets exactly its share (rounded down, the remainders going to the largest fractions),
 * in an order shuffled by the seed. Each patient's details (age, site, dates) come from a generator
 * seeded by the population's seed and the patient's number, so any range of patients can be made on
 * its own and is the same as in the whole population.
 */
import type { FhirMappings } from "@steward/fhir";
import type { Diagnostic, PatientContextInput } from "@steward/core";
import { left, right, type Either } from "fp-ts/lib/Either.js";
import { Random } from "./random.js";
import { RecordBuilder, SYNTHETIC_DRUG_SYSTEM, SYNTHETIC_SITE_SYSTEM, type SyntheticDrug } from "./record-builder.js";
import { stories as defaultStories, syntheticDrugs, type PlantedCourse, type Story } from "./stories.js";

/** What population to make. */
export interface PopulationOptions {
  /** How many patients. */
  readonly patients: number;
  /** The seed: the same seed and options give the same population. */
  readonly seed: number;
  /** The first day of the audit period (default 2026-01-01). */
  readonly from?: string;
  /** The end of the audit period, when the records are extracted (default 2026-07-01T00:00:00Z). */
  readonly asOf?: string;
  /** Stories to use instead of the defaults; their shares must add up to 100. */
  readonly stories?: readonly Story[];
}

/** A course's planted outcome, with where it belongs in the metrics. */
export interface PlantedOrder extends PlantedCourse {
  readonly patient: string;
  readonly site: string;
  /** The course's number within the patient's record. */
  readonly order: number;
  readonly month: string;
  readonly setting: Story["setting"];
}

/** One synthetic patient: the story, the record as a context and as FHIR resources, and what the audit must find. */
export interface SyntheticPatient {
  readonly key: string;
  readonly site: string;
  readonly story: string;
  readonly context: PatientContextInput;
  readonly resources: readonly Readonly<Record<string, unknown>>[];
  readonly planted: readonly PlantedOrder[];
}

const DAY = 86_400_000;
const practices = ["GP-01", "GP-02", "GP-03", "GP-04", "GP-05", "GP-06"];
const wards = ["WARD-1", "WARD-2", "WARD-3", "WARD-4"];

/** Every site a population can have, with the Organization resource a Bulk Data export holds for it. */
export const syntheticSites: readonly { readonly site: string; readonly organization: Readonly<Record<string, unknown>> }[] = [...practices, ...wards].map((site) => ({
  site,
  organization: { resourceType: "Organization", id: site, identifier: [{ system: SYNTHETIC_SITE_SYSTEM, value: site }], name: `Synthetic ${site.startsWith("GP") ? "practice" : "ward"} ${site}` },
}));

/** The resolved options: dates as milliseconds, the stories. */
interface Resolved {
  readonly seed: number;
  readonly from: number;
  readonly asOf: number;
  readonly stories: readonly Story[];
  /** The story of each patient, by number. */
  readonly assignment: Uint8Array;
}

/** Exactly each story's share of `n` patients, shuffled by the seed. */
function assign(n: number, stories: readonly Story[], seed: number): Uint8Array {
  const exact = stories.map((s) => (s.share * n) / 100);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, fraction: e - Math.floor(e) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (let left = n - counts.reduce((a, b) => a + b, 0), k = 0; left > 0; left--, k++) counts[order[k % order.length]!.i]!++;
  const out = new Uint8Array(n);
  let at = 0;
  counts.forEach((count, story) => out.fill(story, at, (at += count)));
  const random = new Random(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function resolve(options: PopulationOptions): Either<readonly Diagnostic[], Resolved> {
  const stories = options.stories ?? defaultStories;
  const total = stories.reduce((sum, s) => sum + s.share, 0);
  const from = Date.parse(`${options.from ?? "2026-01-01"}T00:00:00Z`);
  const asOf = Date.parse(options.asOf ?? "2026-07-01T00:00:00Z");
  const problems = [
    ...(Number.isSafeInteger(options.patients) && options.patients >= 0 ? [] : [`the number of patients must be a whole number, not ${options.patients}`]),
    ...(Math.abs(total - 100) < 1e-9 ? [] : [`the stories' shares add up to ${total}, not 100`]),
    ...(stories.length <= 255 ? [] : ["at most 255 stories"]),
    ...(asOf - from >= 30 * DAY ? [] : ["the audit period (from the first day to the end) must be at least 30 days long"]),
  ];
  if (problems.length > 0) return left(problems.map((message): Diagnostic => ({ code: "audit/invalid-population", severity: "error", message })));
  return right({ seed: options.seed >>> 0, from, asOf, stories, assignment: assign(options.patients, stories, options.seed >>> 0) });
}

function makePatient(index: number, resolved: Resolved): SyntheticPatient {
  const story = resolved.stories[resolved.assignment[index]!]!;
  const random = Random.forItem(resolved.seed, index);
  const key = `P${String(index + 1).padStart(7, "0")}`;
  const site = story.setting === "primary-care" ? random.pick(practices) : random.pick(wards);
  // Hospital stories run for up to ten days; they start early enough to end within the period.
  const lastDay = Math.floor((resolved.asOf - resolved.from) / DAY) - (story.setting === "inpatient" ? 12 : 1);
  const base = resolved.from + random.int(0, lastDay) * DAY + random.int(9 * 60, 16 * 60) * 60_000;
  const sex = story.person.sex === "any" ? random.pick(["female", "male"] as const) : story.person.sex;
  const birth = new Date(base);
  birth.setUTCFullYear(birth.getUTCFullYear() - random.int(story.person.ages[0], story.person.ages[1]));
  const birthDate = new Date(birth.getTime() - random.int(1, 360) * DAY).toISOString().slice(0, 10);
  const builder = new RecordBuilder(key, site, { birthDate, sex }, story.setting);
  const courses = story.write(builder, base, random);
  const orders = builder.context.orders;
  // invariant: a story returns one planted outcome per course it writes, in the order it writes them
  const planted = courses.map((c, i) => ({ ...c, patient: key, site, order: i + 1, month: orders[i]!.authored!.slice(0, 7), setting: story.setting }));
  return { key, site, story: story.id, context: builder.context, resources: builder.resources, planted };
}

/** A synthetic population, ready to make any range of its patients. */
export interface Population {
  /** The end of the audit period, as `steward audit --as-of` takes it. */
  readonly asOf: string;
  /** The patients numbered `from` (inclusive, from 0) to `to` (exclusive), in order. */
  readonly patients: (from?: number, to?: number) => Generator<SyntheticPatient>;
}

/** The population `options` describe, or what is wrong with them. */
export function population(options: PopulationOptions): Either<readonly Diagnostic[], Population> {
  const resolved = resolve(options);
  if (resolved._tag === "Left") return resolved;
  return right({
    asOf: new Date(resolved.right.asOf).toISOString().replace(".000Z", "Z"),
    patients: function* (from = 0, to = options.patients) {
      for (let i = Math.max(0, from); i < Math.min(to, options.patients); i++) yield makePatient(i, resolved.right);
    },
  });
}

/** The FHIR mapping rows `fromFhir` needs for the stories' drugs that have no dm+d code in the formulary. */
export function syntheticFhirMappings(): Pick<FhirMappings, "medications"> {
  const local = Object.values(syntheticDrugs as Record<string, SyntheticDrug>).filter((d) => d.dmd === undefined);
  return { medications: local.map((d) => ({ system: SYNTHETIC_DRUG_SYSTEM, code: d.id, means: d.id, source: "Steward's synthetic populations: the formulary gives no dm+d code for this drug" })) };
}
