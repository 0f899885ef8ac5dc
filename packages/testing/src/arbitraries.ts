/**
 * fast-check arbitraries for patient contexts: clinically plausible values, realistic gaps in the
 * record, and — when focused on a guideline — values on and just either side of every threshold
 * the guideline compares against, codes from its own code lists and drugs from its formulary.
 *
 * @module @steward/testing/arbitraries
 */
import fc from "fast-check";
import { addTime, formatDate, formatInstant, isPlausible, parseInstant, plausibleBounds, vocabulary, type GuidelineIR, type PatientContextInput } from "@steward/core";
import { domainOf, type GuidelineDomain } from "./domains.js";

/** How to generate contexts. */
export interface ContextOptions {
  /** The evaluation time: birth dates and result times are placed relative to it. */
  readonly now: string;
  /** Draw codes, drugs, classes, observations and findings from these guidelines. */
  readonly guidelines?: readonly GuidelineIR[];
  /** Put numeric values on and around these thresholds (see `focusedContext`). */
  readonly focus?: GuidelineDomain;
  /** How often a field or list is left out of the record (0 to 1; default 0.15). */
  readonly missingRate?: number;
}

type Context = PatientContextInput;

/** SNOMED CT codes of common problems unrelated to infection, for patients a guideline should not touch. */
const unrelatedDiagnoses = [
  { system: "http://snomed.info/sct", code: "38341003", display: "Hypertensive disorder" },
  { system: "http://snomed.info/sct", code: "73211009", display: "Diabetes mellitus" },
  { system: "http://snomed.info/sct", code: "195967001", display: "Asthma" },
  { system: "http://snomed.info/sct", code: "22298006", display: "Myocardial infarction" },
];

/** Drops `undefined` fields, so generated objects satisfy exact optional properties. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function maybe<T>(arb: fc.Arbitrary<T>, missingRate: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: Math.round(missingRate * 100), arbitrary: fc.constant(undefined) }, { weight: Math.round((1 - missingRate) * 100), arbitrary: arb });
}

function aroundThresholds(thresholds: readonly number[], fallback: fc.Arbitrary<number>, step: number): fc.Arbitrary<number> {
  if (thresholds.length === 0) return fallback;
  const near = fc.tuple(fc.constantFrom(...thresholds), fc.constantFrom(-step, -step / 2, 0, step / 2, step)).map(([t, d]) => Math.max(0, Number.parseFloat((t + d).toPrecision(10))));
  return fc.oneof({ weight: 3, arbitrary: near }, { weight: 1, arbitrary: fallback });
}

/** A birth date (or whole-year age) for someone between 0 and 100, or ages on either side of the focus thresholds. */
function birth(now: number, focus: GuidelineDomain | undefined): fc.Arbitrary<{ birthDate?: string; age?: number }> {
  const days = fc.integer({ min: 0, max: 100 * 365 }).map((d) => ({ birthDate: formatDate(now - d * 86_400_000) }));
  const wholeYears = fc.integer({ min: 0, max: 100 }).map((age) => ({ age }));
  const arbitraries: fc.Arbitrary<{ birthDate?: string; age?: number }>[] = [days, wholeYears];
  if (focus && focus.ages.length > 0) {
    arbitraries.push(
      fc.tuple(fc.constantFrom(...focus.ages), fc.constantFrom(-1, 0, 1)).map(([t, dayShift]) => {
        const birthAt = addTime(now, -t.value, t.unit) - dayShift * 86_400_000;
        return { birthDate: formatDate(birthAt) };
      }),
    );
  }
  return fc.oneof(...arbitraries);
}

/** A plausible patient context; with `guidelines` and `focus`, one aimed at those guidelines' thresholds. */
export function patientContext(options: ContextOptions): fc.Arbitrary<Context> {
  const now = parseInstant(options.now);
  const rate = options.missingRate ?? 0.15;
  const guidelines = options.guidelines ?? [];
  const focus = options.focus;
  const codeLists = guidelines.flatMap((g) => g.codeLists);
  const relevantLists = focus ? codeLists.filter((l) => focus.diagnosisLists.includes(l.id)) : codeLists;
  const relevantCodes = relevantLists.flatMap((l) => l.codes.map((c) => ({ system: c.system === "icd10" ? "http://hl7.org/fhir/sid/icd-10" : c.system === "loinc" ? "http://loinc.org" : "http://snomed.info/sct", code: c.code, display: c.display })));
  const drugs = guidelines.flatMap((g) => g.drugs);
  const classes = [...new Set(guidelines.flatMap((g) => g.classes.map((c) => c.id)))];
  // Scores the host records are sent as observations with a whole number; they are generated with them.
  const recordedScores = guidelines.flatMap((g) => g.scores.flatMap((sc) => (sc.kind === "recorded" ? [sc] : [])));
  const observations = [
    ...guidelines.flatMap((g) => g.observations),
    ...recordedScores.map((sc) => ({ id: sc.id, unit: "", codes: sc.codes, range: { min: sc.min, max: sc.max } })),
  ].filter((o, i, all) => all.findIndex((x) => x.id === o.id) === i);
  const findings = [...new Set(guidelines.flatMap((g) => g.findings.map((f) => f.id)))];
  const settings = [...new Set(guidelines.flatMap((g) => g.guideline.settings))];

  const diagnosis = fc.oneof(
    { weight: relevantCodes.length > 0 ? 4 : 0, arbitrary: relevantCodes.length > 0 ? fc.constantFrom(...relevantCodes) : fc.constantFrom(...unrelatedDiagnoses) },
    { weight: 1, arbitrary: fc.constantFrom(...unrelatedDiagnoses) },
  );
  // When symptoms began: on and around the guideline's `time since onset of …` thresholds, or within a month.
  const onsetThresholds = [...(focus?.onsets.values() ?? [])].flat();
  const onsetDays = fc.oneof(
    { weight: onsetThresholds.length > 0 ? 3 : 0, arbitrary: onsetThresholds.length > 0 ? fc.tuple(fc.constantFrom(...onsetThresholds), fc.constantFrom(-1, 0, 1)).map(([t, shift]) => ({ t, shift })) : fc.constant(undefined) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }).map((days) => ({ t: { value: days, unit: "days" }, shift: 0 })) },
  );
  const onset = fc.option(onsetDays.map((o) => (o === undefined ? undefined : formatInstant(addTime(addTime(now, -o.t.value, o.t.unit), o.shift, "days")))), { nil: undefined, freq: 3 });
  const diagnoses = fc.array(fc.tuple(diagnosis, onset).map(([code, began]) => compact({ code, onset: began })), { minLength: 1, maxLength: 2 });

  const allergyTarget: fc.Arbitrary<{ drug?: string; class?: string }> =
    drugs.length + classes.length === 0
      ? fc.constant({ class: "penicillins" })
      : fc.oneof(
          ...(classes.length > 0 ? [fc.constantFrom(...classes).map((c) => ({ class: c }))] : []),
          ...(drugs.length > 0 ? [fc.constantFrom(...drugs.map((d) => d.id)).map((d) => ({ drug: d }))] : []),
        );
  const allergy = fc
    .record({
      target: allergyTarget,
      severity: fc.option(fc.constantFrom("mild" as const, "moderate" as const, "severe" as const), { nil: undefined }),
      verification: fc.constantFrom("confirmed" as const, "unconfirmed" as const, "refuted" as const),
      category: fc.constantFrom("medication" as const, "medication" as const, "medication" as const, "food" as const),
      reaction: fc.option(fc.constantFrom("rash", "urticaria", "anaphylaxis", "nausea"), { nil: undefined }),
    })
    .map(({ target, ...rest }) => compact({ ...target, ...rest }));

  // Each observation is present or not on its own (not a chosen subset), so shrinking can drop any of them.
  const observation = fc
    .tuple(
      ...observations.map((o) => {
        const range = "range" in o ? o.range : undefined;
        const thresholds = range === undefined ? (focus?.observations.get(o.id) ?? []) : (focus?.recordedScores.get(o.id) ?? []);
        // Values stay inside the plausibility bounds: a record outside them is rejected, not evaluated.
        const bounds = plausibleBounds(o.unit);
        const low = bounds === undefined ? 0 : bounds.minExclusive ? bounds.min + 0.1 : bounds.min;
        const max = Math.min(thresholds.length > 0 ? Math.max(...thresholds) * 2 : 150, bounds?.max ?? Number.POSITIVE_INFINITY);
        const value =
          range === undefined
            ? aroundThresholds(thresholds, fc.double({ min: low, max: Math.max(low, max), noNaN: true }).map((v) => Number.parseFloat(v.toFixed(1))), 1).filter((v) => isPlausible(v, o.unit))
            : fc.integer({ min: range.min, max: range.max });
        const windowDays = Math.max(1, ...(focus?.windows.get(o.id) ?? []).map((w) => Math.ceil((now - addTime(now, -w.value, w.unit)) / 86_400_000)));
        const age = fc.integer({ min: 0, max: windowDays * 2 });
        const result = fc.tuple(value, age).map(([v, d]) => ({ code: { system: o.codes[0]?.system === "snomed" ? "http://snomed.info/sct" : "http://loinc.org", code: o.codes[0]?.code ?? "0" }, value: v, unit: o.unit === "" ? "{score}" : o.unit, time: formatInstant(now - d * 86_400_000) }));
        return fc.option(result, { nil: undefined, freq: 2 });
      }),
    )
    .map((results) => results.filter((r) => r !== undefined));

  const orderDrugs = drugs.filter((d) => d.routes.length > 0);
  const order = orderDrugs.length === 0
    ? fc.constant(undefined)
    : fc
        .record({
          drug: fc.constantFrom(...orderDrugs),
          hours: fc.integer({ min: 0, max: 240 }),
          status: fc.constantFrom("active" as const, "active" as const, "draft" as const),
          indicated: fc.boolean(),
          days: fc.option(fc.integer({ min: 1, max: 21 }), { nil: undefined }),
        })
        .chain(({ drug, hours, status, indicated, days }) =>
          fc.constantFrom(...drug.routes).map((route) =>
            compact({
              id: `order-${drug.id}-${hours}`,
              status,
              drug: { id: drug.id },
              route,
              start: formatInstant(now - hours * 3_600_000),
              duration: days === undefined ? undefined : { value: days, unit: "days" },
              indications: indicated && relevantCodes.length > 0 ? [relevantCodes[0]!] : undefined,
            }),
          ),
        );

  const culture = drugs.length === 0
    ? fc.constant(undefined)
    : fc
        .record({
          specimen: fc.constantFrom(...vocabulary.specimens.map((s) => s.word)),
          hours: fc.integer({ min: 0, max: 120 }),
          results: fc.subarray(drugs.map((d) => d.id), { maxLength: 3 }).chain((ids) => fc.tuple(...ids.map((id) => fc.constantFrom(...vocabulary.susceptibilities.map((s) => s.word)).map((result) => ({ drug: { id }, result }))))),
          status: fc.constantFrom("final" as const, "preliminary" as const, "pending" as const),
        })
        .map(({ specimen, hours, results, status }) =>
          compact({
            id: `culture-${specimen}-${hours}`,
            specimen,
            status,
            reported: status === "pending" ? undefined : formatInstant(now - hours * 3_600_000),
            organism: status === "pending" ? undefined : { system: "http://snomed.info/sct", code: "112283007", display: "Escherichia coli" },
            susceptibilities: status === "pending" ? [] : results,
          }),
        );

  return fc
    .record({
      birth: birth(now, focus),
      sex: fc.constantFrom("female" as const, "female" as const, "male" as const, "male" as const, "other" as const, "unknown" as const),
      pregnancy: fc.record({
        status: fc.constantFrom("pregnant" as const, "not-pregnant" as const, "not-pregnant" as const, "unknown" as const),
        gestationWeeks: fc.integer({ min: 4, max: 41 }),
        atTerm: fc.option(fc.boolean(), { nil: undefined }),
      }),
      weight: aroundThresholds(focus?.weights ?? [], fc.double({ min: 2.5, max: 150, noNaN: true }).map((w) => Number.parseFloat(w.toFixed(1))), 0.5).filter((w) => isPlausible(w, "kg")),
      breastfeeding: fc.option(fc.boolean(), { nil: undefined }),
      setting: settings.length > 0 ? fc.constantFrom(...settings) : fc.constantFrom(...vocabulary.careSettings.map((s) => s.word)),
      diagnoses: maybe(diagnoses, rate / 2),
      allergies: maybe(fc.array(allergy, { maxLength: 2 }), rate),
      observations: maybe(observation, rate / 2),
      findings: fc
        .tuple(...findings.map((f) => fc.option(fc.tuple(fc.boolean(), onset).map(([present, began]) => compact({ finding: f, present, onset: present ? began : undefined })), { nil: undefined, freq: 2 })))
        .map((recorded) => recorded.filter((f) => f !== undefined)),
      // A record names each order and culture once (record integrity refuses two with one id).
      orders: maybe(fc.uniqueArray(order, { maxLength: 2, selector: (o) => o?.id }), rate),
      microbiology: maybe(fc.uniqueArray(culture, { maxLength: 2, selector: (c) => c?.id }), rate),
      recordSex: fc.double({ min: 0, max: 1, noNaN: true }),
      recordWeight: fc.double({ min: 0, max: 1, noNaN: true }),
      recordPregnancy: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((g): Context => {
      const female = g.sex === "female";
      const trimester = g.pregnancy.gestationWeeks < 14 ? 1 : g.pregnancy.gestationWeeks < 28 ? 2 : 3;
      const pregnancy =
        !female || g.recordPregnancy < rate
          ? undefined
          : g.pregnancy.status === "pregnant"
            ? compact({ status: "pregnant" as const, gestationWeeks: g.pregnancy.gestationWeeks, trimester: trimester as 1 | 2 | 3, atTerm: g.pregnancy.atTerm === undefined ? undefined : g.pregnancy.gestationWeeks >= 37 })
            : { status: g.pregnancy.status };
      return compact({
        patient: compact({
          ...g.birth,
          sex: g.recordSex < rate ? undefined : g.sex,
          weight: g.recordWeight < rate ? undefined : { value: g.weight, unit: "kg" },
          pregnancy,
          breastfeeding: female ? g.breastfeeding : undefined,
        }),
        setting: g.setting as Context["setting"],
        diagnoses: g.diagnoses,
        allergies: g.allergies,
        observations: g.observations,
        findings: g.findings.length > 0 ? g.findings : undefined,
        orders: g.orders?.filter((o): o is NonNullable<typeof o> => o !== undefined),
        microbiology: g.microbiology?.filter((c): c is NonNullable<typeof c> => c !== undefined),
      });
    });
}

/** Patients aimed at one guideline: its codes and drugs, and values on and around each of its thresholds. */
export function focusedContext(guideline: GuidelineIR, options: Omit<ContextOptions, "guidelines" | "focus">): fc.Arbitrary<Context> {
  return patientContext({ ...options, guidelines: [guideline], focus: domainOf(guideline) });
}
