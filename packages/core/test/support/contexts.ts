/**
 * fast-check generators for patient contexts: mostly valid (so evaluation gets past validation and
 * exercises the rules), drawing codes, drug ids, units and times from small pools that the test
 * guidelines and NG109 know, with absent lists, unknown values and edge times mixed in.
 */
import fc from "fast-check";

const BASE = Date.parse("2026-06-15T12:00:00Z");
const HOUR = 3_600_000;

/**
 * Evaluation times: the usual one, a month end, a leap day, an offset. None is before a generated
 * birth date, since a birth after the evaluation time is rejected as implausible.
 */
export const nowArb: fc.Arbitrary<string> = fc.constantFrom("2026-06-15T12:00:00Z", "2026-06-30T23:59:59Z", "2028-02-29T00:00:00Z", "2026-07-01T08:30:00+01:00");

/** An instant some hours before the base time, as a date-time or sometimes a date only. */
const pastInstant: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: -48, max: 24 * 800 }), fc.boolean())
  .map(([hours, dateOnly]) => {
    const iso = new Date(BASE - hours * HOUR).toISOString();
    return dateOnly ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
  });

const birthDate: fc.Arbitrary<string> = fc
  .oneof(
    fc.integer({ min: 0, max: 365 * 90 }).map((days) => new Date(BASE - days * 24 * HOUR).toISOString().slice(0, 10)),
    fc.constantFrom("2008-02-29", "2010-06-15", "2010-06-16", "2026-03-15", "2025-11-30"),
  );

/** Builds an object leaving out keys whose value is undefined. */
function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const snomed = (code: string) => ({ system: fc.constantFrom("http://snomed.info/sct", "snomed"), code: fc.constant(code) });

const diagnosisCode = fc.oneof(
  fc.record(snomed("38822007")),
  fc.record(snomed("233604007")),
  fc.record(snomed("68566005")),
  fc.record({ system: fc.constant("http://hl7.org/fhir/sid/icd-10"), code: fc.constant("N30.0") }),
  fc.record({ system: fc.constant("http://snomed.info/sct"), code: fc.constantFrom("1090711000000102", "22298006") }),
);

const drugIds = ["amoxicillin", "flucloxacillin", "cefalexin", "gentamicin", "trimethoprim", "nitrofurantoin", "pivmecillinam", "fosfomycin"] as const;

const drugRef = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...drugIds).map((id) => ({ id })) },
  { weight: 1, arbitrary: fc.constant({ code: { system: "https://dmd.nhs.uk", code: "39732411000001106" }, display: "Amoxicillin 500mg capsules" }) },
  { weight: 1, arbitrary: fc.constant({ code: { system: "https://dmd.nhs.uk", code: "12345611000001100" }, display: "Unlisted product" }) },
);

/**
 * A pregnancy as a record holds it: details only when pregnant, and a trimester and `atTerm` that
 * agree with the gestation when it is given (record integrity refuses those that do not).
 */
const pregnancyArb = fc.oneof(
  fc.record({ status: fc.constantFrom("not-pregnant", "unknown"), atTerm: optional(fc.constant(false)) }).map(compact),
  fc
    .record({ weeks: optional(fc.integer({ min: 0, max: 42 })), trimester: optional(fc.constantFrom(1, 2, 3)), atTerm: optional(fc.boolean()), stated: fc.boolean() })
    .map(({ weeks, trimester, atTerm, stated }) =>
      weeks === undefined
        ? compact({ status: "pregnant", trimester, atTerm })
        : compact({ status: "pregnant", gestationWeeks: weeks, ...(stated ? { trimester: weeks < 13 ? 1 : weeks < 28 ? 2 : 3, atTerm: weeks >= 37 } : {}) }),
    ),
);

const patientArb = fc
  .record({
    // A birth date or an age, never both: the two could disagree, which is refused.
    born: optional(fc.oneof(birthDate.map((d) => ({ birthDate: d })), fc.integer({ min: 0, max: 100 }).map((age) => ({ age })))),
    sex: optional(fc.constantFrom("female", "male", "other", "unknown")),
    weight: optional(fc.oneof(fc.record({ value: fc.double({ min: 0.5, max: 150, noNaN: true }), unit: fc.constant("kg") }), fc.record({ value: fc.integer({ min: 500, max: 90000 }), unit: fc.constant("g") }))),
    pregnancy: optional(pregnancyArb),
    breastfeeding: optional(fc.boolean()),
  })
  .map(({ born, ...rest }) => compact({ ...born, ...rest }));

const diagnosis = fc
  .record({ code: diagnosisCode, status: optional(fc.constantFrom("active", "active", "resolved", "refuted")), recorded: optional(pastInstant) })
  .map(compact);

const allergy = fc
  .record({
    id: optional(fc.constantFrom("a1", "a2")),
    drug: optional(fc.constantFrom(...drugIds)),
    class: optional(fc.constantFrom("penicillins", "beta-lactams", "cephalosporins", "aminoglycosides")),
    code: optional(fc.constantFrom({ system: "http://snomed.info/sct", code: "91936005", display: "Allergy to penicillin" }, { system: "https://dmd.nhs.uk", code: "39732411000001106" })),
    category: optional(fc.constantFrom("medication", "medication", "food")),
    verification: optional(fc.constantFrom("confirmed", "unconfirmed", "refuted", "entered-in-error")),
    reaction: optional(fc.constantFrom("rash", "anaphylaxis")),
    severity: optional(fc.constantFrom("mild", "severe")),
  })
  .map(compact)
  .filter((a) => a.drug !== undefined || a.class !== undefined || a.code !== undefined);

const observation = fc.oneof(
  fc.record({
    code: fc.constant({ system: "http://loinc.org", code: "33914-3" }),
    value: fc.integer({ min: 5, max: 120 }),
    unit: fc.constantFrom("mL/min/1.73m2", "mL/min/{1.73_m2}"),
    time: pastInstant,
  }),
  fc.record({
    code: fc.constant({ system: "http://loinc.org", code: "14682-9" }),
    value: fc.double({ min: 0.02, max: 0.5, noNaN: true }),
    unit: fc.constant("mmol/L"),
    time: pastInstant,
  }),
);

const finding = fc.record({ finding: fc.constantFrom("fever", "symptoms-improving", "rash"), present: fc.boolean(), time: optional(pastInstant) }).map(compact);

const order = fc
  .record({
    id: fc.constantFrom("o1", "o2", "o3"),
    status: fc.constantFrom("active", "active", "draft", "completed"),
    drug: drugRef,
    route: fc.constantFrom("oral", "iv", "iv"),
    start: optional(pastInstant),
    indications: optional(fc.array(diagnosisCode, { maxLength: 2 })),
  })
  .map(compact);

const culture = fc
  .record({
    id: fc.constantFrom("c1", "c2"),
    specimen: fc.constantFrom("urine", "urine", "blood"),
    status: fc.constantFrom("pending", "preliminary", "final"),
    reported: optional(pastInstant),
    susceptibilities: fc.array(fc.record({ drug: drugRef, result: fc.constantFrom("susceptible", "intermediate", "resistant") }), { maxLength: 4 }),
  })
  .map(compact);

const acknowledged = fc
  .record({
    key: fc.constantFrom("ng109-culture-resistant", "iv-review", "mismatch", "shared-key", "r-alert"),
    at: pastInstant,
    until: optional(fc.integer({ min: -48, max: 48 }).map((h) => new Date(BASE + h * HOUR).toISOString())),
  })
  .map(compact);

/** A valid patient context (by the schema), with any list sometimes absent and sometimes empty. */
export const contextArb = fc
  .record({
    setting: fc.constantFrom("primary-care", "primary-care", "inpatient", "urgent-care"),
    patient: patientArb,
    diagnoses: optional(fc.array(diagnosis, { maxLength: 3 })),
    allergies: optional(fc.uniqueArray(allergy, { maxLength: 3, selector: (a) => a.id ?? JSON.stringify(a) })),
    observations: optional(fc.array(observation, { maxLength: 4 })),
    findings: optional(fc.array(finding, { maxLength: 3 })),
    // A record names each order and culture once: their ids key alerts and acknowledgements.
    orders: optional(fc.uniqueArray(order, { maxLength: 3, selector: (o) => o.id })),
    microbiology: optional(fc.uniqueArray(culture, { maxLength: 2, selector: (c) => c.id })),
    acknowledgedAlerts: optional(fc.array(acknowledged, { maxLength: 2 })),
  })
  .map(compact);

/** Every path to a value inside a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return here;
}

/** A copy of `value` with the value at `path` replaced. */
function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: replaceAt(record[head!], rest, replacement) };
}

/** A valid context with one value somewhere inside it replaced by arbitrary JSON. */
export const corruptedContextArb: fc.Arbitrary<unknown> = fc.tuple(contextArb, fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([context, n, replacement]) => {
  const all = paths(context);
  const path = all[n % all.length];
  return path === undefined ? replacement : replaceAt(context, path, replacement);
});
