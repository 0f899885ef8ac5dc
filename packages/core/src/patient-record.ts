/**
 * Indexes a validated patient context against one guideline's formulary, code lists and
 * observations, once per evaluation: codes become lookup keys, units are converted to the units
 * rules compare in, orders and allergies are matched to formulary drugs.
 */
import { codeSpace, findContextCodeSystem } from "./code-systems.js";
import type { ContextCoding, PatientContext } from "./context.js";
import type { GuidelineIR } from "./ir.js";
import { parseInstant } from "./time.js";
import { convert, findContextUnit, findUnit } from "./units.js";

/** The lookup key of a code: its code space and the code (`snomed|38822007`). */
export function codeKey(system: string, code: string): string {
  const known = findContextCodeSystem(system);
  return `${known ? codeSpace(known.word) : `?${system}`}|${code}`;
}

/** A context coding's lookup key. */
export function contextCodeKey(c: ContextCoding): string {
  return codeKey(c.system, c.code);
}

/** What the evaluator needs to know about a formulary drug. */
export interface FormularyDrug {
  readonly classes: readonly string[];
  readonly allClasses: readonly string[];
  readonly name: string;
  readonly aware: string | undefined;
  readonly routes: readonly string[];
  readonly oralOption: string | undefined;
  /** The infection sites (by specimen) it is limited to; empty when not limited. */
  readonly sites: readonly string[];
}

/** Tables built once per guideline for matching context data to its declarations. */
export interface Lookups {
  readonly observationByCode: ReadonlyMap<string, string>;
  readonly observationUnit: ReadonlyMap<string, string>;
  readonly drugByCode: ReadonlyMap<string, string>;
  /** Classes by the codes an allergy to them is recorded with (a substance, product or allergy concept). */
  readonly classByCode: ReadonlyMap<string, string>;
  /** For a class with `immediate-reactions`, the code keys of the reactions that make an allergy to it immediate-type. */
  readonly immediateReactions: ReadonlyMap<string, ReadonlySet<string>>;
  /** For a class that declares cross-reactivity, its citations in words, for the reasons given. */
  readonly crossReactivitySources: ReadonlyMap<string, string>;
  readonly drugs: ReadonlyMap<string, FormularyDrug>;
  readonly classAncestors: ReadonlyMap<string, ReadonlySet<string>>;
  readonly classes: ReadonlyMap<string, GuidelineIR["classes"][number]>;
  readonly findingByCode: ReadonlyMap<string, string>;
  readonly findingIds: ReadonlySet<string>;
}

/** Builds the lookups of one compiled guideline. */
export function buildLookups(ir: GuidelineIR): Lookups {
  const observationByCode = new Map<string, string>();
  const observationUnit = new Map<string, string>();
  for (const o of ir.observations) {
    observationUnit.set(o.id, o.unit);
    for (const c of o.codes) observationByCode.set(codeKey(c.system, c.code), o.id);
  }
  // A score the host records is read like an observation with no unit.
  for (const score of ir.scores) {
    if (score.kind !== "recorded") continue;
    observationUnit.set(score.id, "");
    for (const c of score.codes) observationByCode.set(codeKey(c.system, c.code), score.id);
  }
  const drugByCode = new Map<string, string>();
  const drugs = new Map<string, FormularyDrug>();
  for (const d of ir.drugs) {
    drugs.set(d.id, { classes: d.classes, allClasses: d.allClasses, name: d.name, aware: d.aware, routes: d.routes, oralOption: d.oralOption, sites: d.sites });
    for (const c of d.codes) drugByCode.set(codeKey(c.system, c.code), d.id);
  }
  const classByCode = new Map<string, string>();
  const immediateReactions = new Map<string, Set<string>>();
  const crossReactivitySources = new Map<string, string>();
  const sources = new Map(ir.sources.map((x) => [x.id, x.title]));
  const codeLists = new Map(ir.codeLists.map((l) => [l.id, l]));
  for (const c of ir.classes) {
    if (c.crossReactivity.length > 0) crossReactivitySources.set(c.id, c.citations.map((x) => `${sources.get(x.source) ?? x.source}${x.section ? `: ${x.section}` : ""}`).join("; "));
    for (const code of c.codes) classByCode.set(codeKey(code.system, code.code), c.id);
    const list = c.immediateReactions === undefined ? undefined : codeLists.get(c.immediateReactions);
    if (list !== undefined) immediateReactions.set(c.id, new Set(list.codes.map((code) => codeKey(code.system, code.code))));
  }
  const parents = new Map(ir.classes.map((c) => [c.id, c.within]));
  const classAncestors = new Map<string, Set<string>>();
  for (const c of ir.classes) {
    const seen = new Set<string>();
    const stack = [...c.within];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(...(parents.get(p) ?? []));
    }
    classAncestors.set(c.id, seen);
  }
  const findingByCode = new Map<string, string>();
  for (const f of ir.findings) for (const c of f.codes) findingByCode.set(codeKey(c.system, c.code), f.id);
  return { observationByCode, observationUnit, drugByCode, classByCode, immediateReactions, crossReactivitySources, drugs, classAncestors, classes: new Map(ir.classes.map((c) => [c.id, c])), findingByCode, findingIds: new Set(ir.findings.map((f) => f.id)) };
}

/**
 * A recorded result, in the observation's declared unit; `value` is undefined when the result's
 * unit cannot be read as that unit, and `unreadable` is then the missing-data key naming it.
 */
export type ResultValue =
  | { readonly value: number; readonly time: number; readonly unreadable?: undefined }
  | { readonly value: undefined; readonly time: number; readonly unreadable: string };

/** A current or draft course matched to the formulary. */
export interface CourseRecord {
  readonly id: string;
  readonly drug: string | undefined;
  readonly drugLabel: string;
  readonly route: string;
  readonly status: "active" | "draft";
  readonly start: number | undefined;
  /** The prescribed course length, as written; undefined when none was recorded. */
  readonly duration: { readonly value: number; readonly unit: string } | undefined;
  readonly indications: readonly string[] | undefined;
  readonly review: { readonly outcome: string; readonly at: number; readonly nextReview: number | undefined } | undefined;
  /** The indications as coded, for naming the order in a decision. */
  readonly indicationCodes: readonly { readonly system: string; readonly code: string; readonly display?: string | undefined }[];
}

/** A culture with its susceptibilities matched to formulary drugs. */
export interface CultureRecord {
  readonly id: string;
  readonly specimen: string;
  /** The organism's code key; undefined when not known. */
  readonly organism: string | undefined;
  readonly organismLabel: string | undefined;
  /** The laboratory reported no growth. */
  readonly noGrowth: boolean;
  readonly reported: number | undefined;
  readonly collected: number | undefined;
  readonly susceptibility: ReadonlyMap<string, string>;
}

/** One allergy or intolerance that counts (medication, not refuted), matched to the formulary. */
export interface AllergyEntry {
  /** How the record describes it, for reasons: `penicillins (anaphylaxis, severe)`. */
  readonly label: string;
  /** The formulary drugs it is recorded against (by id or code). */
  readonly drugs: readonly string[];
  /** The classes it covers: those it is recorded against, and the own classes of its drugs. */
  readonly classes: readonly string[];
  /** An allergy (immune-mediated), not an intolerance: only allergies cross-react. */
  readonly immune: boolean;
  /** Whether the reaction came on immediately after a dose, as recorded (undefined: not recorded). */
  readonly immediate: boolean | undefined;
  /** The code keys of its recorded reaction manifestations. */
  readonly manifestations: readonly string[];
  readonly severe: boolean | undefined;
  readonly highCriticality: boolean;
}

/** Allergies matched to the formulary, and those no formulary drug or class matches. */
export interface AllergyRecord {
  /** Sorted by label, so reasons never depend on the order the host lists allergies in. */
  readonly entries: readonly AllergyEntry[];
  /** Missing-data keys (`allergy:<id or code>`) of allergies no drug or class matches. */
  readonly unmatched: readonly string[];
}

/** The patient context indexed for one guideline. */
export interface PatientRecord {
  readonly birth: { readonly earliest: number; readonly latest: number } | undefined;
  readonly weightKg: number | undefined;
  /** The missing-data key when the weight is not known: absent, or sent in a unit that is not a weight. */
  readonly weightMissing: string;
  readonly sex: "female" | "male" | undefined;
  /** As recorded; a patient recorded as male with no pregnancy status (or `unknown`) is not pregnant. */
  readonly pregnant: boolean | undefined;
  /** True when `pregnant` is false only because the patient is recorded as male. */
  readonly pregnancyFromSex: boolean;
  readonly trimester: number | undefined;
  readonly gestationWeeks: number | undefined;
  readonly atTerm: boolean | undefined;
  readonly breastfeeding: boolean | undefined;
  readonly setting: string;
  readonly diagnoses: ReadonlySet<string> | undefined;
  readonly diagnosisCodes: readonly string[];
  /** Each active diagnosis's code key and onset (when its symptoms began), in the order sent. */
  readonly diagnosisOnsets: readonly { readonly key: string; readonly onset: number | undefined }[];
  readonly allergies: AllergyRecord | undefined;
  /** Results by observation id, newest first. */
  readonly results: ReadonlyMap<string, readonly ResultValue[]>;
  /** The latest record of each finding, and when it was made (undefined: not said). */
  readonly findings: ReadonlyMap<string, { readonly present: boolean; readonly time: number | undefined }>;
  /** When each finding recorded as present began, from its latest record. */
  readonly findingOnsets: ReadonlyMap<string, number>;
  readonly courses: readonly CourseRecord[] | undefined;
  readonly cultures: readonly CultureRecord[] | undefined;
}

/** A weight in kilograms, or undefined when its unit is not one of weight. */
function weightInKg(weight: { value: number; unit: string }): number | undefined {
  const unit = findContextUnit(weight.unit);
  return unit ? convert(weight.value, unit, findUnit("kg")!) : undefined;
}

/** A result in the unit its observation is compared in, or undefined when it cannot be converted. */
function resultValue(value: number, unitText: string, declared: string): number | undefined {
  const from = findContextUnit(unitText);
  if (declared === "") return from === "" ? value : undefined;
  return from === "" || from === undefined ? undefined : convert(value, from, findUnit(declared)!);
}

/** An observation (or a score the host records) some guideline reads: its id, the unit rules compare in, and a score's range. */
export interface DeclaredObservation {
  readonly id: string;
  readonly unit: string;
  readonly range?: { readonly min: number; readonly max: number };
}

/** The missing-data key of a value whose unit cannot be read: which observation (or the weight) and where it was sent. */
function unreadableUnitKey(what: string, pointer: string): string {
  return `unit:${what}:${pointer}`;
}

/**
 * Indexes `context` for one guideline's lookups. A value whose unit cannot be converted to the
 * unit its rules compare in is kept as unknown, with a key naming it, so only the rules that read
 * it are affected.
 */
export function buildRecord(context: PatientContext, lookups: Lookups, now: number): PatientRecord {
  const p = context.patient;
  let birth: PatientRecord["birth"];
  if (p.birthDate !== undefined) {
    const b = parseInstant(p.birthDate);
    birth = { earliest: b, latest: b };
  } else if (p.age !== undefined) {
    // invariant: an age in whole years n means the birth was after now − (n+1) years and at or before now − n years
    const lower = new Date(now);
    lower.setUTCFullYear(lower.getUTCFullYear() - p.age - 1);
    const upper = new Date(now);
    upper.setUTCFullYear(upper.getUTCFullYear() - p.age);
    birth = { earliest: lower.getTime() + 1, latest: upper.getTime() };
  }

  const weightKg = p.weight === undefined ? undefined : weightInKg(p.weight);
  const weightMissing = p.weight === undefined || weightKg !== undefined ? "patient:weight" : unreadableUnitKey("weight", "/patient/weight");

  const pregnancy = p.pregnancy;
  const recordedPregnancy = pregnancy === undefined || pregnancy.status === "unknown" ? undefined : pregnancy.status === "pregnant";
  // A recorded pregnancy always counts; without one, a patient recorded as male is not pregnant.
  const pregnancyFromSex = recordedPregnancy === undefined && p.sex === "male";
  const pregnant = pregnancyFromSex ? false : recordedPregnancy;
  const atTerm = pregnant === false ? false : pregnancy?.atTerm;

  const diagnosisCodes: string[] = [];
  const diagnosisOnsets: { key: string; onset: number | undefined }[] = [];
  if (context.diagnoses) {
    for (const d of context.diagnoses) {
      if (d.status !== "active") continue;
      const key = contextCodeKey(d.code);
      diagnosisCodes.push(key);
      diagnosisOnsets.push({ key, onset: d.onset === undefined ? undefined : parseInstant(d.onset) });
    }
  }

  let allergies: AllergyRecord | undefined;
  if (context.allergies) {
    const entries: AllergyEntry[] = [];
    const unmatched: string[] = [];
    context.allergies.forEach((a, i) => {
      if (a.verification === "refuted" || a.verification === "entered-in-error" || a.category !== "medication") return;
      const code = a.code ? contextCodeKey(a.code) : undefined;
      const drugId = a.drug !== undefined && lookups.drugs.has(a.drug) ? a.drug : code !== undefined ? lookups.drugByCode.get(code) : undefined;
      const classId = a.class !== undefined && lookups.classAncestors.has(a.class) ? a.class : code !== undefined ? lookups.classByCode.get(code) : undefined;
      if (drugId === undefined && classId === undefined) {
        // An id the formulary does not know is rejected at the boundary; a code it cannot match is kept as unknown.
        if (a.drug === undefined && a.class === undefined) unmatched.push(`allergy:${a.id ?? code ?? String(i)}`);
        return;
      }
      // An allergy to one drug is taken as an allergy to its own (narrowest) classes.
      const classes = new Set<string>([...(classId !== undefined ? [classId] : []), ...(drugId !== undefined ? lookups.drugs.get(drugId)!.classes : [])]);
      entries.push({
        label: describeAllergy(a),
        drugs: drugId !== undefined ? [drugId] : [],
        classes: [...classes].sort(),
        immune: a.type === "allergy",
        immediate: a.immediate,
        manifestations: (a.manifestations ?? []).map(contextCodeKey),
        severe: a.severity === undefined ? undefined : a.severity === "severe",
        highCriticality: a.criticality === "high",
      });
    });
    entries.sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
    allergies = { entries, unmatched };
  }

  const results = new Map<string, ResultValue[]>();
  context.observations?.forEach((o, i) => {
    const id = lookups.observationByCode.get(contextCodeKey(o.code));
    if (id === undefined) return;
    const time = parseInstant(o.time);
    // A result recorded after the evaluation time did not exist yet at that time.
    if (time > now) return;
    const value = resultValue(o.value, o.unit, lookups.observationUnit.get(id)!);
    const result: ResultValue = value === undefined ? { value, time, unreadable: unreadableUnitKey(id, `/observations/${i}`) } : { value, time };
    const list = results.get(id);
    if (list === undefined) results.set(id, [result]);
    else list.push(result);
  });
  // invariant: of two results at one time, an unreadable one comes first, so the latest value is unknown
  const rank = (r: ResultValue): number => (r.value === undefined ? Number.NEGATIVE_INFINITY : r.value);
  for (const list of results.values()) list.sort((a, b) => b.time - a.time || (a.value === undefined ? -1 : b.value === undefined ? 1 : rank(a) - rank(b)));

  // The latest record of a finding wins; records of the same time that disagree leave it unknown,
  // so the answer never depends on the order the host lists them in.
  const findings = new Map<string, { present: boolean | undefined; time: number; onset: number | undefined }>();
  for (const f of context.findings ?? []) {
    const id = f.finding !== undefined && lookups.findingIds.has(f.finding) ? f.finding : f.code ? lookups.findingByCode.get(contextCodeKey(f.code)) : undefined;
    if (id === undefined) continue;
    const time = f.time === undefined ? Number.NEGATIVE_INFINITY : parseInstant(f.time);
    // A record made after the evaluation time did not exist yet at that time.
    if (time > now) continue;
    const onset = f.present && f.onset !== undefined ? parseInstant(f.onset) : undefined;
    const previous = findings.get(id);
    if (previous === undefined || time > previous.time) findings.set(id, { present: f.present, time, onset });
    else if (time === previous.time && (previous.present !== f.present || previous.onset !== onset)) findings.set(id, { present: previous.present === f.present ? f.present : undefined, time, onset: undefined });
  }

  // invariant: courses and cultures are in id order (ids are unique), so nothing that follows them —
  // which of two equal alerts ranks first and interrupts, above all — depends on the order the host listed them in
  const courses = context.orders
    ?.filter((o) => o.status === "active" || o.status === "draft")
    .sort(byId)
    .map((o): CourseRecord => {
      const drug = o.drug.id !== undefined && lookups.drugs.has(o.drug.id) ? o.drug.id : o.drug.code ? lookups.drugByCode.get(contextCodeKey(o.drug.code)) : undefined;
      return {
        id: o.id,
        drug,
        drugLabel: o.drug.display ?? o.drug.id ?? o.drug.code?.display ?? o.drug.code?.code ?? "?",
        route: o.route,
        status: o.status === "draft" ? "draft" : "active",
        start: o.start === undefined ? undefined : parseInstant(o.start),
        duration: o.duration,
        // invariant: the order itself is the record of its indications, so none sent means none linked
        indications: (o.indications ?? []).map(contextCodeKey),
        indicationCodes: o.indications ?? [],
        review: o.review === undefined ? undefined : { outcome: o.review.outcome, at: parseInstant(o.review.at), nextReview: o.review.nextReview === undefined ? undefined : parseInstant(o.review.nextReview) },
      };
    });

  const cultures = context.microbiology?.slice().sort(byId).map((c): CultureRecord => {
    // Two results for one drug that disagree leave it unknown, whatever order they are listed in.
    const susceptibility = new Map<string, string>();
    const conflicting = new Set<string>();
    for (const s of c.susceptibilities) {
      const drug = s.drug.id !== undefined && lookups.drugs.has(s.drug.id) ? s.drug.id : s.drug.code ? lookups.drugByCode.get(contextCodeKey(s.drug.code)) : undefined;
      if (drug === undefined) continue;
      const previous = susceptibility.get(drug);
      if (previous !== undefined && previous !== s.result) conflicting.add(drug);
      susceptibility.set(drug, s.result);
    }
    for (const drug of conflicting) susceptibility.delete(drug);
    return {
      id: c.id,
      specimen: c.specimen,
      organism: c.organism ? contextCodeKey(c.organism) : undefined,
      organismLabel: c.organism ? (c.organism.display ?? c.organism.code) : c.noGrowth === true ? "no growth" : undefined,
      noGrowth: c.noGrowth === true,
      reported: c.reported === undefined ? undefined : parseInstant(c.reported),
      collected: c.collected === undefined ? undefined : parseInstant(c.collected),
      susceptibility,
    };
  });

  return {
    birth,
    weightKg,
    weightMissing,
    sex: p.sex === "female" || p.sex === "male" ? p.sex : undefined,
    pregnant,
    pregnancyFromSex,
    trimester: pregnant === true ? pregnancy?.trimester : undefined,
    gestationWeeks: pregnant === true ? pregnancy?.gestationWeeks : undefined,
    atTerm,
    breastfeeding: p.breastfeeding,
    setting: context.setting,
    diagnoses: context.diagnoses ? new Set(diagnosisCodes) : undefined,
    diagnosisCodes,
    diagnosisOnsets,
    allergies,
    results,
    findings: new Map([...findings].flatMap(([k, v]) => (v.present === undefined ? [] : [[k, { present: v.present, time: Number.isFinite(v.time) ? v.time : undefined }] as const]))),
    findingOnsets: new Map([...findings].flatMap(([k, v]) => (v.present === true && v.onset !== undefined ? [[k, v.onset] as const] : []))),
    courses,
    cultures,
  };
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function describeAllergy(a: NonNullable<PatientContext["allergies"]>[number]): string {
  const what = a.class ?? a.drug ?? a.code?.display ?? (a.code !== undefined ? `code ${a.code.code}` : "a drug");
  const manifestations = (a.manifestations ?? []).map((m) => m.display ?? `reaction coded ${m.code}`).join(", ");
  const details = [a.reaction, manifestations || undefined, a.immediate === true ? "immediate" : undefined, a.severity].filter((x) => x !== undefined).join(", ");
  return details === "" ? what : `${what} (${details})`;
}
