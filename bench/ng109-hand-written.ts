/**
 * NICE NG109 (lower UTI) written by hand in TypeScript, as a host might code it without Steward:
 * the yardstick for `evaluate`'s speed. It reads the same patient context and returns a Decision
 * of the same shape and content (treatments, exclusions, withheld options, missing data, alerts,
 * provenance), so the comparison is like for like. It does not validate its input.
 *
 * How it works: the patient's facts are read once (sex, age thresholds, pregnancy, eGFR, allergies,
 * the culture-resistance check), then the guideline's tables are walked in NG109's order. Unknown
 * is a list of missing-data keys, as in Steward.
 */
import type { Decision, DecisionAlert, MissingData, PatientContextInput, Provenance, Treatment } from "@steward/core";

type Unknown = readonly string[];
type Tri = boolean | Unknown;
type Regimen = Treatment["regimens"][number]["regimen"];
type Step = Regimen["steps"][number];
type Rank = Treatment["rank"];
type DrugId = "nitrofurantoin" | "trimethoprim" | "pivmecillinam" | "fosfomycin" | "amoxicillin" | "cefalexin";

const GUIDELINE = { id: "ng109-lower-uti", title: "Urinary tract infection (lower): antimicrobial prescribing", version: "1.0.0", status: "draft" } as const;
const SOURCE = {
  source: "ng109",
  title: "NICE NG109: Urinary tract infection (lower): antimicrobial prescribing",
  url: "https://www.nice.org.uk/guidance/ng109/chapter/Recommendations",
} as const;
const SETTINGS = new Set(["primary-care", "community-pharmacy", "urgent-care", "emergency-department", "inpatient", "outpatient"]);
const UTI_CODES = new Set(["snomed|38822007", "snomed|1090711000000102", "icd10|N30.0"]);
const EGFR_CODES = new Set([
  "loinc|33914-3",
  "loinc|62238-1",
  "loinc|98979-8",
  "loinc|69405-9",
  "snomed|1011481000000105",
  "snomed|857971000000104",
  "snomed|1020291000000106",
  "snomed|996231000000108",
]);
const EGFR_UNITS = new Set(["mL/min/1.73m2", "ml/min/1.73m2", "mL/min/{1.73_m2}"]);

const DRUGS: Record<DrugId, { readonly id: DrugId; readonly name: string; readonly aware: "access"; readonly classes: readonly string[]; readonly allClasses: readonly string[] }> = {
  nitrofurantoin: { id: "nitrofurantoin", name: "Nitrofurantoin", aware: "access", classes: [], allClasses: [] },
  trimethoprim: { id: "trimethoprim", name: "Trimethoprim", aware: "access", classes: [], allClasses: [] },
  pivmecillinam: { id: "pivmecillinam", name: "Pivmecillinam", aware: "access", classes: ["penicillins"], allClasses: ["beta-lactams", "penicillins"] },
  fosfomycin: { id: "fosfomycin", name: "Fosfomycin", aware: "access", classes: [], allClasses: [] },
  amoxicillin: { id: "amoxicillin", name: "Amoxicillin", aware: "access", classes: ["penicillins"], allClasses: ["beta-lactams", "penicillins"] },
  cefalexin: { id: "cefalexin", name: "Cefalexin", aware: "access", classes: ["cephalosporins"], allClasses: ["beta-lactams", "cephalosporins"] },
};
const CLASSES = new Set(["beta-lactams", "penicillins", "cephalosporins"]);
const DRUG_BY_CODE = new Map<string, DrugId>([
  ["snomed|39108511000001108", "nitrofurantoin"],
  ["snomed|41953111000001108", "nitrofurantoin"],
  ["snomed|41953211000001102", "nitrofurantoin"],
  ["snomed|387179001", "trimethoprim"],
  ["snomed|39732411000001106", "amoxicillin"],
  ["snomed|39732311000001104", "amoxicillin"],
  ["snomed|41940811000001105", "amoxicillin"],
  ["snomed|41941111000001109", "amoxicillin"],
]);

function codeKey(system: string, code: string): string {
  switch (system) {
    case "http://snomed.info/sct":
    case "snomed":
    case "https://dmd.nhs.uk":
    case "dmd":
      return `snomed|${code}`;
    case "http://hl7.org/fhir/sid/icd-10":
    case "icd10":
      return `icd10|${code}`;
    case "http://loinc.org":
    case "loinc":
      return `loinc|${code}`;
    default:
      return `?${system}|${code}`;
  }
}

// ---- regimens, as NG109 writes them ----------------------------------------------------------

const daily = (perDay: number): Step["schedule"] => ({ kind: "daily", perDay, words: ["", "once daily", "twice daily", "three times daily", "four times daily"][perDay]! });
const forDays = (days: number): NonNullable<Step["duration"]> => ({ kind: "for", length: { value: days, unit: "days" } });
const oral = (value: number, unit: string, perDay: number, days: number, extra: Partial<Pick<Step, "form" | "max">> = {}): Step => ({
  dose: { value, unit },
  ...(extra.max !== undefined ? { max: extra.max } : {}),
  ...(extra.form !== undefined ? { form: extra.form } : {}),
  route: "oral",
  schedule: daily(perDay),
  duration: forDays(days),
});

interface RegimenPlan {
  readonly text: string;
  readonly regimen: Regimen;
  /** Per-kilogram steps: the dose, its cap and the unit the dose is shown in. */
  readonly perKg: readonly { readonly step: number; readonly perKg: number; readonly unit: "mg" | "micrograms"; readonly maxMg: number | undefined }[];
}

const plan = (text: string, steps: Step[], note?: string): RegimenPlan => ({
  text,
  regimen: note === undefined ? { steps } : { steps, note },
  perKg: steps.flatMap((s, i) =>
    s.dose.unit.endsWith("/kg") ? [{ step: i, perKg: s.dose.value, unit: s.dose.unit === "mg/kg" ? ("mg" as const) : ("micrograms" as const), maxMg: s.max?.value }] : [],
  ),
});

const MR_UNAVAILABLE = "if modified-release capsules are unavailable";
const nitrofurantoinMr = (days: number): RegimenPlan[] => [
  plan(`100 mg modified-release oral twice daily for ${days} days`, [oral(100, "mg", 2, days, { form: "modified-release" })]),
  plan(`50 mg oral four times daily for ${days} days`, [oral(50, "mg", 4, days)], MR_UNAVAILABLE),
];
const fixed = (value: number, unit: string, perDay: number, days: number): RegimenPlan =>
  plan(`${value} ${unit} oral ${(daily(perDay) as { words: string }).words} for ${days} days`, [oral(value, unit, perDay, days)]);
const trimethoprimPerKg = plan("4 mg/kg max 200 mg oral twice daily for 3 days", [oral(4, "mg/kg", 2, 3, { max: { value: 200, unit: "mg" } })]);
const nitrofurantoinPerKg = plan("750 micrograms/kg oral four times daily for 3 days", [oral(750, "micrograms/kg", 4, 3)]);
const cefalexinPerKg = plan("12.5 mg/kg oral twice daily for 3 days", [oral(12.5, "mg/kg", 2, 3)]);
const pivmecillinam = plan("400 mg oral once then 200 mg oral three times daily to complete 3 days", [
  { dose: { value: 400, unit: "mg" }, route: "oral", schedule: { kind: "once", words: "once" } },
  { dose: { value: 200, unit: "mg" }, route: "oral", schedule: daily(3), duration: { kind: "to-complete", length: { value: 3, unit: "days" } } },
]);
const fosfomycin = plan("3 g oral single dose", [{ dose: { value: 3, unit: "g" }, route: "oral", schedule: { kind: "once", words: "single dose" } }]);
const nitrofurantoinChild12 = [plan("50 mg oral four times daily for 3 days", [oral(50, "mg", 4, 3)]), plan("100 mg modified-release oral twice daily for 3 days", [oral(100, "mg", 2, 3, { form: "modified-release" })])];

// ---- the patient, read once ------------------------------------------------------------------

/** Allergies by the drug or class they cover, with every label that covers it. */
interface Allergies {
  readonly drugs: Map<string, string[]>;
  readonly classes: Map<string, string[]>;
  readonly unmatched: string[];
  /** Penicillin allergies: true if one is severe, false if all are recorded as not severe, undefined otherwise. */
  readonly penicillinSevere: boolean | undefined;
}

/** The formulary: after a severe reaction to a penicillin, cephalosporins may cross-react (not confirmed in a cited source). */
const PENICILLIN_CROSS_REACTION =
  "cephalosporins may cross-react after a severe reaction (not confirmed in a cited source: from the BNF penicillins monograph; not confirmed in the UK clinical facts sheet)";

interface Course {
  readonly id: string;
  readonly drug: DrugId | undefined;
}

interface Culture {
  readonly id: string;
  readonly specimen: string;
  readonly susceptibility: Map<string, string>;
}

function and(...parts: Tri[]): Tri {
  let missing: string[] | undefined;
  for (const p of parts) {
    if (p === false) return false;
    if (p !== true) {
      missing ??= [];
      for (const k of p) if (!missing.includes(k)) missing.push(k);
    }
  }
  return missing ?? true;
}

function not(t: Tri): Tri {
  return t === true ? false : t === false ? true : t;
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const month = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return Date.UTC(year, targetMonth, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function parseTime(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}

function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function allergyLabel(a: NonNullable<PatientContextInput["allergies"]>[number]): string {
  const what = a.class ?? a.drug ?? a.code?.display ?? a.code?.code ?? "a drug";
  const details = [a.reaction, a.severity].filter((x) => x !== undefined).join(", ");
  return details === "" ? what : `${what} (${details})`;
}

function readAllergies(list: PatientContextInput["allergies"]): Allergies | undefined {
  if (list === undefined) return undefined;
  const drugs = new Map<string, string[]>();
  const classes = new Map<string, string[]>();
  const unmatched: string[] = [];
  let penicillinSevere: boolean | undefined = false;
  const notePenicillin = (severity: string | undefined): void => {
    const severe = severity === undefined ? undefined : severity === "severe";
    penicillinSevere = penicillinSevere === true || severe === true ? true : penicillinSevere === undefined || severe === undefined ? undefined : false;
  };
  const cover = (map: Map<string, string[]>, key: string, label: string): void => {
    const labels = map.get(key);
    if (labels === undefined) map.set(key, [label]);
    else if (!labels.includes(label)) labels.push(label);
  };
  list.forEach((a, i) => {
    const verification = a.verification ?? "unconfirmed";
    if (verification === "refuted" || verification === "entered-in-error" || (a.category ?? "medication") !== "medication") return;
    const label = allergyLabel(a);
    const knownClass = a.class !== undefined && CLASSES.has(a.class);
    if (knownClass) {
      cover(classes, a.class!, label);
      if (a.class === "penicillins") notePenicillin(a.severity);
    }
    const drug = a.drug !== undefined && a.drug in DRUGS ? (a.drug as DrugId) : a.code ? DRUG_BY_CODE.get(codeKey(a.code.system, a.code.code)) : undefined;
    if (drug !== undefined) {
      cover(drugs, drug, label);
      for (const c of DRUGS[drug].classes) {
        cover(classes, c, label);
        if (c === "penicillins") notePenicillin(a.severity);
      }
    }
    if (drug === undefined && !knownClass && a.drug === undefined && a.class === undefined) unmatched.push(`allergy:${a.id ?? (a.code ? codeKey(a.code.system, a.code.code) : String(i))}`);
  });
  return { drugs, classes, unmatched, penicillinSevere };
}

/** `allergic to <drug>`: the covering allergies' labels (sorted, so input order does not matter) when true. */
function allergyTo(allergies: Allergies | undefined, drug: DrugId): string | false | Unknown {
  if (allergies === undefined) return ["list:allergies"];
  const direct = allergies.drugs.get(drug);
  if (direct !== undefined) return [...direct].sort().join("; ");
  for (const c of DRUGS[drug].allClasses) {
    const labels = allergies.classes.get(c);
    if (labels !== undefined) return [...labels].sort().join("; ");
  }
  const penicillins = allergies.classes.get("penicillins");
  const unknown = [...allergies.unmatched];
  if (penicillins !== undefined && DRUGS[drug].classes.includes("cephalosporins")) {
    if (allergies.penicillinSevere === true) return `${[...penicillins].sort().join("; ")}; ${PENICILLIN_CROSS_REACTION}`;
    if (allergies.penicillinSevere === undefined) unknown.push("allergy-severity:penicillins");
  }
  return unknown.length > 0 ? unknown : false;
}

function drugOf(ref: { id?: string | undefined; code?: { system: string; code: string } | undefined }): DrugId | undefined {
  if (ref.id !== undefined && ref.id in DRUGS) return ref.id as DrugId;
  return ref.code ? DRUG_BY_CODE.get(codeKey(ref.code.system, ref.code.code)) : undefined;
}

// ---- missing data words ----------------------------------------------------------------------

function describe(key: string): string {
  switch (key) {
    case "observation:egfr":
      return "Estimated glomerular filtration rate";
    case "patient:pregnant":
      return "pregnancy status";
    case "patient:at-term":
      return "whether the pregnancy is at term";
    case "patient:weight":
      return "body weight";
    case "patient:age":
      return "date of birth or age";
    case "patient:birthDate":
      return "date of birth (only the age in whole years is recorded)";
    case "patient:sex":
      return "sex";
    case "list:allergies":
      return "allergy history";
    case "list:orders":
      return "current antimicrobial orders";
    case "list:microbiology":
      return "microbiology results";
    case "list:diagnoses":
      return "coded diagnoses";
    case "finding:symptoms-improving":
      return "symptoms are already improving";
  }
  const parts = key.split(":");
  if (parts[0] === "allergy") return `the allergy recorded as ${parts.slice(1).join(":")} is to a substance Steward cannot match to the formulary; check it against each option`;
  if (parts[0] === "allergy-severity") return `how severe the allergy to ${parts.slice(1).join(":")} was (a severe reaction rules out drugs that may cross-react)`;
  if (parts[0] === "order") return `formulary drug of order ${parts[1]}`;
  if (parts[0] === "culture") return `susceptibility of culture ${parts[1]} to ${DRUGS[parts[3] as DrugId]?.name.toLowerCase() ?? parts[3]}`;
  return key;
}

// ---- the decision being built ----------------------------------------------------------------

interface RaisedAlert {
  readonly priority: DecisionAlert["priority"];
  readonly message: string;
  readonly key: string;
  readonly provenance: Provenance;
}

const PRIORITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const ACK_WINDOW = 24 * 3_600_000;

class Builder {
  readonly strategies: Decision["strategies"] = [];
  readonly treatments: Record<Rank, Treatment[]> = { first: [], second: [], alternative: [] };
  readonly excluded: Record<Rank, Decision["excluded"]> = { first: [], second: [], alternative: [] };
  readonly withheld: Record<Rank, Decision["withheld"]> = { first: [], second: [], alternative: [] };
  readonly advice: Decision["advice"] = [];
  readonly leaflets: Decision["leaflets"] = [];
  readonly alerts: RaisedAlert[] = [];
  readonly actions: Decision["actions"] = [];
  readonly missing = new Map<string, MissingData>();

  needs(keys: Unknown, purpose: string): void {
    for (const key of keys) {
      let entry = this.missing.get(key);
      if (entry === undefined) {
        entry = { data: key, description: describe(key), neededFor: [] };
        this.missing.set(key, entry);
      }
      if (!entry.neededFor.includes(purpose)) entry.neededFor.push(purpose);
    }
  }

  text(list: Decision["advice"], text: string, provenance: Provenance): void {
    if (!list.some((x) => x.text === text)) list.push({ text, provenance });
  }

  strategy(kind: Decision["strategies"][number]["kind"], advice: string | undefined, provenance: Provenance): void {
    if (this.strategies.some((s) => s.kind === kind && s.advice === advice)) return;
    this.strategies.push(advice === undefined ? { kind, provenance } : { kind, advice, provenance });
  }
}

/** How an option's `only if` came out, with the words for a `false`. */
interface Gate {
  readonly result: Tri;
  readonly whyFalse: () => string;
}

interface Option {
  readonly rank: Rank;
  readonly drug: DrugId;
  readonly regimens: readonly RegimenPlan[];
  readonly notes: string[];
  /** The note used when the option's `only if` is unknown (all NG109 options withhold then). */
  readonly unknownNote?: string;
}

const RENAL_NOTE = "NICE recommends nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more";
const LATER = "second choice when there is no improvement after at least 48 hours or the first choice is unsuitable";
const CULTURE_NOTE = "only if culture results are available and show susceptibility";
const LOW_RISK = ["if low risk of resistance"];

/** Every treatment choice of NG109, in the order the guideline lists them. */
const CHOICES = {
  womenNitrofurantoin: { rank: "first", drug: "nitrofurantoin", regimens: nitrofurantoinMr(3), notes: [], unknownNote: RENAL_NOTE },
  womenTrimethoprim: { rank: "first", drug: "trimethoprim", regimens: [fixed(200, "mg", 2, 3)], notes: LOW_RISK },
  womenNitrofurantoinSecond: { rank: "second", drug: "nitrofurantoin", regimens: nitrofurantoinMr(3), notes: [`if not used as first choice; ${LATER}`], unknownNote: RENAL_NOTE },
  womenPivmecillinam: { rank: "second", drug: "pivmecillinam", regimens: [pivmecillinam], notes: [LATER] },
  womenFosfomycin: { rank: "second", drug: "fosfomycin", regimens: [fosfomycin], notes: [LATER] },
  pregnantNitrofurantoin: { rank: "first", drug: "nitrofurantoin", regimens: nitrofurantoinMr(7), notes: ["avoid at term: risk of neonatal haemolysis"], unknownNote: `${RENAL_NOTE}, and not at term` },
  pregnantAmoxicillin: { rank: "second", drug: "amoxicillin", regimens: [fixed(500, "mg", 3, 7)], notes: [CULTURE_NOTE], unknownNote: CULTURE_NOTE },
  pregnantCefalexin: { rank: "second", drug: "cefalexin", regimens: [fixed(500, "mg", 2, 7)], notes: [] },
  menTrimethoprim: { rank: "first", drug: "trimethoprim", regimens: [fixed(200, "mg", 2, 7)], notes: [] },
  menNitrofurantoin: { rank: "first", drug: "nitrofurantoin", regimens: [nitrofurantoinMr(7)[0]!], notes: ["not recommended if prostate involvement is suspected"], unknownNote: RENAL_NOTE },
  trimethoprim3to5m: { rank: "first", drug: "trimethoprim", regimens: [trimethoprimPerKg, fixed(25, "mg", 2, 3)], notes: LOW_RISK },
  trimethoprim6mTo5y: { rank: "first", drug: "trimethoprim", regimens: [trimethoprimPerKg, fixed(50, "mg", 2, 3)], notes: LOW_RISK },
  trimethoprim6to11: { rank: "first", drug: "trimethoprim", regimens: [trimethoprimPerKg, fixed(100, "mg", 2, 3)], notes: LOW_RISK },
  trimethoprim12to15: { rank: "first", drug: "trimethoprim", regimens: [fixed(200, "mg", 2, 3)], notes: LOW_RISK },
  nitrofurantoin3mTo11: { rank: "first", drug: "nitrofurantoin", regimens: [nitrofurantoinPerKg], notes: [], unknownNote: RENAL_NOTE },
  nitrofurantoin3mTo11Second: { rank: "second", drug: "nitrofurantoin", regimens: [nitrofurantoinPerKg], notes: ["if not used as first choice"], unknownNote: RENAL_NOTE },
  nitrofurantoin12to15: { rank: "first", drug: "nitrofurantoin", regimens: nitrofurantoinChild12, notes: [], unknownNote: RENAL_NOTE },
  nitrofurantoin12to15Second: { rank: "second", drug: "nitrofurantoin", regimens: nitrofurantoinChild12, notes: ["if not used as first choice"], unknownNote: RENAL_NOTE },
  cefalexin3to11m: { rank: "second", drug: "cefalexin", regimens: [cefalexinPerKg, fixed(125, "mg", 2, 3)], notes: [] },
  cefalexin1to4: { rank: "second", drug: "cefalexin", regimens: [cefalexinPerKg, fixed(125, "mg", 3, 3)], notes: [] },
  cefalexin5to11: { rank: "second", drug: "cefalexin", regimens: [cefalexinPerKg, fixed(250, "mg", 3, 3)], notes: [] },
  cefalexin12to15: { rank: "second", drug: "cefalexin", regimens: [fixed(500, "mg", 2, 3)], notes: [] },
} satisfies Record<string, Option>;

/** A hand-written evaluator of NG109 for the compiled guideline with this content hash. */
export function handWrittenNg109(contentHash: string): (context: PatientContextInput, options: { readonly now: string }) => Decision {
  const provenance = (rule: string, section: string): Provenance => ({
    guideline: GUIDELINE.id,
    version: GUIDELINE.version,
    contentHash,
    rule,
    citations: [{ source: SOURCE.source, title: SOURCE.title, url: SOURCE.url, section }],
  });
  const label = (section: string): string => `NICE NG109, ${section}`;
  const P = {
    women: provenance("non-pregnant-women", "recommendations on managing lower UTI in non-pregnant women; table 1"),
    pregnant: provenance("pregnant-women", "recommendations on managing lower UTI in pregnant women; table 2"),
    men: provenance("men", "recommendations on managing lower UTI in men; table 3"),
    under3m: provenance("children-under-3-months", "table 4: children under 3 months"),
    children: provenance("children-3-months-and-over", "table 4: children and young people aged 3 months to 15 years"),
    tmp3to5m: provenance("trimethoprim-3-to-5-months", "table 4: trimethoprim, 3 to 5 months"),
    tmp6mTo5y: provenance("trimethoprim-6-months-to-5-years", "table 4: trimethoprim, 6 months to 5 years"),
    tmp6to11: provenance("trimethoprim-6-to-11-years", "table 4: trimethoprim, 6 to 11 years"),
    tmp12to15: provenance("trimethoprim-12-to-15-years", "table 4: trimethoprim, 12 to 15 years"),
    nit3mTo11: provenance("nitrofurantoin-3-months-to-11-years", "table 4: nitrofurantoin, 3 months to 11 years"),
    nit12to15: provenance("nitrofurantoin-12-to-15-years", "table 4: nitrofurantoin, 12 to 15 years"),
    cef3to11m: provenance("cefalexin-3-to-11-months", "table 4: cefalexin, 3 to 11 months"),
    cef1to4: provenance("cefalexin-1-to-4-years", "table 4: cefalexin, 1 to 4 years"),
    cef5to11: provenance("cefalexin-5-to-11-years", "table 4: cefalexin, 5 to 11 years"),
    cef12to15: provenance("cefalexin-12-to-15-years", "table 4: cefalexin, 12 to 15 years"),
    resistantPregnant: provenance("culture-resistant-in-pregnancy", "recommendation 1.1.4"),
    resistantNotImproving: provenance("culture-resistant-not-improving", "recommendation 1.1.4"),
    resistantImproving: provenance("culture-resistant-improving", "recommendation 1.1.4"),
  };
  const decisionDrug = (id: DrugId): Treatment["drug"] => ({ id, name: DRUGS[id].name, aware: DRUGS[id].aware });
  const drugs = Object.fromEntries(Object.keys(DRUGS).map((id) => [id, decisionDrug(id as DrugId)])) as Record<DrugId, Treatment["drug"]>;

  return (context, options) => {
    const nowMs = parseTime(options.now);
    const out = new Builder();
    const rulesApplied: string[] = [];
    const info = { ...GUIDELINE, contentHash, applies: SETTINGS.has(context.setting), rulesApplied };

    const finish = (): Decision => {
      const acknowledged = context.acknowledgedAlerts ?? [];
      const ordered = out.alerts.map((a, order) => ({ a, order })).sort((x, y) => PRIORITY_RANK[x.a.priority]! - PRIORITY_RANK[y.a.priority]! || x.order - y.order);
      const alerts: Decision["alerts"] = [];
      const suppressedAlerts: Decision["suppressedAlerts"] = [];
      const seen = new Set<string>();
      let interrupting = 0;
      for (const { a } of ordered) {
        let until: number | undefined;
        for (const ack of acknowledged) {
          if (ack.key !== a.key) continue;
          const at = parseTime(ack.at);
          const end = ack.until !== undefined ? parseTime(ack.until) : at + ACK_WINDOW;
          if (at <= nowMs && nowMs < end && (until === undefined || end > until)) until = end;
        }
        if (until !== undefined) {
          suppressedAlerts.push({ key: a.key, priority: a.priority, reason: "acknowledged", until: formatInstant(until), provenance: a.provenance });
          continue;
        }
        if (seen.has(a.key)) {
          suppressedAlerts.push({ key: a.key, priority: a.priority, reason: "duplicate", provenance: a.provenance });
          continue;
        }
        seen.add(a.key);
        const interruptive = interrupting < 1 && (a.priority === "critical" || a.priority === "high");
        if (interruptive) interrupting++;
        alerts.push({ priority: a.priority, message: a.message, key: a.key, interruptive, provenance: a.provenance });
      }
      const ranked = <T>(r: Record<Rank, T[]>): T[] => [...r.first, ...r.second, ...r.alternative];
      return {
        evaluatedAt: formatInstant(nowMs),
        guidelines: [info],
        strategies: out.strategies,
        treatments: ranked(out.treatments),
        excluded: ranked(out.excluded),
        withheld: ranked(out.withheld),
        advice: out.advice,
        leaflets: out.leaflets,
        alerts,
        unrecognisedDiagnoses: [],
        unmatchedAllergies: [],
        suppressedAlerts,
        actions: out.actions,
        scores: [],
        missingData: [...out.missing.values()],
        unknownCodeSystems: [],
      };
    };
    if (!info.applies) return finish();

    // Lower UTI: only active diagnoses count; with no diagnosis list, every rule is unknown.
    let uti: Tri;
    if (context.diagnoses === undefined) uti = ["list:diagnoses"];
    else {
      uti = false;
      for (const d of context.diagnoses) {
        if ((d.status ?? "active") === "active" && UTI_CODES.has(codeKey(d.code.system, d.code.code))) uti = true;
      }
      if (!uti) return finish();
    }

    const p = context.patient;
    const female: Tri = p.sex === "female" ? true : p.sex === "male" ? false : ["patient:sex"];
    const male: Tri = p.sex === "male" ? true : p.sex === "female" ? false : ["patient:sex"];

    let earliest: number | undefined;
    let latest: number | undefined;
    if (p.birthDate !== undefined) earliest = latest = parseTime(p.birthDate);
    else if (p.age !== undefined) {
      const lower = new Date(nowMs);
      lower.setUTCFullYear(lower.getUTCFullYear() - p.age - 1);
      const upper = new Date(nowMs);
      upper.setUTCFullYear(upper.getUTCFullYear() - p.age);
      earliest = lower.getTime() + 1;
      latest = upper.getTime();
    }
    const ageAtLeast = (months: number): Tri => {
      if (earliest === undefined || latest === undefined) return ["patient:age"];
      const early = nowMs >= addMonths(earliest, months);
      if (earliest === latest) return early;
      return early === nowMs >= addMonths(latest, months) ? early : ["patient:birthDate"];
    };
    const age3m = ageAtLeast(3);
    const age6m = ageAtLeast(6);
    const age12m = ageAtLeast(12);
    const age5y = ageAtLeast(60);
    const age6y = ageAtLeast(72);
    const age12y = ageAtLeast(144);
    const age16y = ageAtLeast(192);

    const status = p.pregnancy?.status;
    // A recorded pregnancy counts; without one, a patient recorded as male is not pregnant.
    const pregnant: Tri = status === "pregnant" ? true : status === "not-pregnant" || p.sex === "male" ? false : ["patient:pregnant"];
    const pregnant12AndOver = and(pregnant, age12y);
    const atTermValue = pregnant === false ? false : p.pregnancy?.atTerm;
    const atTerm: Tri = atTermValue ?? ["patient:at-term"];

    let weightKg: number | undefined;
    if (p.weight !== undefined) weightKg = p.weight.unit === "kg" ? p.weight.value : p.weight.unit === "g" ? Number.parseFloat((p.weight.value / 1000).toPrecision(12)) : undefined;

    // Latest eGFR (newest first; on a tie, the lower value).
    let egfr: { value: number; time: number } | undefined;
    for (const o of context.observations ?? []) {
      if (!EGFR_CODES.has(codeKey(o.code.system, o.code.code)) || !EGFR_UNITS.has(o.unit)) continue;
      const time = parseTime(o.time);
      if (egfr === undefined || time > egfr.time || (time === egfr.time && o.value < egfr.value)) egfr = { value: o.value, time };
    }
    const renal: Gate = {
      result: egfr === undefined ? ["observation:egfr"] : egfr.value >= 45,
      whyFalse: () => `egfr >= 45 mL/min/1.73m2 (egfr = ${egfr!.value} mL/min/1.73m2 on ${new Date(egfr!.time).toISOString().slice(0, 10)})`,
    };

    const allergies = readAllergies(context.allergies);

    // Symptoms improving: the latest record wins (no time counts as oldest); records of the same
    // time that disagree leave it unknown.
    let improving: Tri = ["finding:symptoms-improving"];
    let improvingSeen: boolean | undefined | null = null;
    let improvingTime = Number.NEGATIVE_INFINITY;
    for (const f of context.findings ?? []) {
      if (f.finding !== "symptoms-improving") continue;
      const time = f.time === undefined ? Number.NEGATIVE_INFINITY : parseTime(f.time);
      if (improvingSeen === null || time > improvingTime) {
        improvingSeen = f.present;
        improvingTime = time;
      } else if (time === improvingTime && improvingSeen !== f.present) improvingSeen = undefined;
    }
    if (typeof improvingSeen === "boolean") improving = improvingSeen;

    const courses: Course[] | undefined = context.orders
      ?.filter((o) => o.status === "active" || o.status === "draft")
      .map((o) => ({ id: o.id, drug: drugOf(o.drug) }));
    const cultures: Culture[] | undefined = context.microbiology?.map((c) => {
      // Two results for one drug that disagree leave it unknown.
      const susceptibility = new Map<string, string>();
      let conflicting: string[] | undefined;
      for (const s of c.susceptibilities ?? []) {
        const drug = drugOf(s.drug);
        if (drug === undefined) continue;
        const previous = susceptibility.get(drug);
        if (previous !== undefined && previous !== s.result) (conflicting ??= []).push(drug);
        susceptibility.set(drug, s.result);
      }
      if (conflicting !== undefined) for (const drug of conflicting) susceptibility.delete(drug);
      return { id: c.id, specimen: c.specimen, susceptibility };
    });

    // `any course where any culture where culture specimen is urine and culture result for course drug is resistant`
    let resistantMemo: Tri | undefined;
    const resistant = (): Tri => {
      if (resistantMemo !== undefined) return resistantMemo;
      if (courses === undefined) return (resistantMemo = ["list:orders"]);
      const missing: string[] = [];
      const add = (keys: Unknown): void => keys.forEach((k) => missing.includes(k) || missing.push(k));
      for (const course of courses) {
        if (cultures === undefined) {
          add(["list:microbiology"]);
          continue;
        }
        for (const culture of cultures) {
          if (culture.specimen !== "urine") continue;
          if (course.drug === undefined) {
            add([`order:${course.id}:drug`]);
            continue;
          }
          const result = culture.susceptibility.get(course.drug);
          if (result === undefined) add([`culture:${culture.id}:susceptibility:${course.drug}`]);
          else if (result === "resistant") return (resistantMemo = true);
        }
      }
      return (resistantMemo = missing.length > 0 ? missing : false);
    };

    // `any culture where culture specimen is urine and culture result for amoxicillin is susceptible`
    const amoxicillinSusceptible = (): Gate => {
      if (cultures === undefined) return { result: ["list:microbiology"], whyFalse: () => "" };
      const missing: string[] = [];
      for (const c of cultures) {
        if (c.specimen !== "urine") continue;
        const result = c.susceptibility.get("amoxicillin");
        if (result === "susceptible") return { result: true, whyFalse: () => "" };
        if (result === undefined) missing.push(`culture:${c.id}:susceptibility:amoxicillin`);
      }
      return {
        result: missing.length > 0 ? missing : false,
        whyFalse: () => {
          if (cultures.length === 0) return "any culture where culture specimen is urine and culture result for amoxicillin is susceptible (no cultures recorded)";
          const parts: string[] = [];
          for (const c of cultures) {
            if (c.specimen !== "urine") parts.push(`culture specimen is urine (culture specimen = ${c.specimen})`);
            const result = c.susceptibility.get("amoxicillin");
            if (result !== undefined && result !== "susceptible") parts.push(`culture result for amoxicillin is susceptible (culture result = ${result})`);
          }
          return parts.join("; ");
        },
      };
    };

    const offer = (rule: string, prov: Provenance, o: Option, gate?: Gate): void => {
      const drug = DRUGS[o.drug];
      const lower = drug.name.toLowerCase();
      const base = { rank: o.rank, drug: drugs[o.drug], provenance: prov };
      const cautions: string[] = [];
      const allergy = allergyTo(allergies, o.drug);
      if (typeof allergy === "string") {
        out.excluded[o.rank].push({ ...base, because: "allergy", reason: `allergy recorded: ${allergy}` });
        return;
      }
      if (allergy !== false) {
        const doubts = allergy.includes("list:allergies")
          ? ["the allergy history is not recorded"]
          : [
              ...(allergy.some((k) => k.startsWith("allergy:")) ? ["an allergy is not matched to the formulary"] : []),
              ...(allergy.includes("allergy-severity:penicillins") ? [`the severity of the allergy to penicillins is not recorded, and ${lower} may cross-react after a severe reaction`] : []),
            ];
        cautions.push(`check for allergy to ${lower}: ${doubts.join("; ")}`);
        out.needs(allergy, `to rule out an allergy to ${lower}`);
      }
      if (gate !== undefined) {
        const result = gate.result;
        if (result === false) {
          out.excluded[o.rank].push({ ...base, because: "condition", reason: `not met: ${gate.whyFalse()}` });
          return;
        }
        if (result !== true) {
          out.needs(result, `to recommend ${lower} (${o.rank} choice, rule ${rule})`);
          out.withheld[o.rank].push({ ...base, reason: o.unknownNote!, needs: result.map(describe) });
          return;
        }
      }
      const regimens = o.regimens.map((r) => {
        const calculated: Treatment["regimens"][number]["calculated"] = [];
        for (const k of r.perKg) {
          if (weightKg === undefined) {
            out.needs(["patient:weight"], `to calculate the ${r.text.split(" oral")[0]} dose of ${lower}`);
            continue;
          }
          let value = Number.parseFloat((k.perKg * weightKg).toPrecision(12));
          let capped = false;
          if (k.maxMg !== undefined && value > k.maxMg) {
            value = k.maxMg;
            capped = true;
          }
          const dose = k.unit === "micrograms" && value >= 1000 ? { value: Number.parseFloat((value / 1000).toPrecision(12)), unit: "mg" } : { value, unit: k.unit };
          calculated.push({ step: k.step, option: 0, dose, weight: { value: weightKg, unit: "kg" }, capped });
        }
        return r.regimen.note === undefined ? { text: r.text, regimen: r.regimen, calculated } : { text: r.text, note: r.regimen.note, regimen: r.regimen, calculated };
      });
      out.treatments[o.rank].push({ ...base, regimens, combinedWith: [], notes: o.notes, cautions });
    };

    /** Applies a rule whose condition came out `when`; returns true when it applies. */
    const rule = (id: string, section: string, when: Tri): boolean => {
      if (when === true) {
        rulesApplied.push(id);
        return true;
      }
      if (when !== false) out.needs(when, `to decide whether ${label(section)} applies (rule ${id})`);
      return false;
    };
    const C = CHOICES;

    // Table 1: non-pregnant women aged 16 years and over.
    if (rule("non-pregnant-women", "recommendations on managing lower UTI in non-pregnant women; table 1", and(uti, female, age16y, not(pregnant)))) {
      out.strategy("back-up", "Use the back-up prescription if symptoms do not start to improve within 48 hours or get worse at any time", P.women);
      out.strategy("immediate", undefined, P.women);
      out.text(out.advice, "Take into account the severity of symptoms, the risk of complications, previous urine culture and susceptibility results, previous antibiotic use and the woman's preferences", P.women);
      out.text(out.advice, "Possible adverse effects include diarrhoea and nausea; seek medical help if symptoms worsen, do not improve within 48 hours of taking the antibiotic, or the person becomes very unwell", P.women);
      out.text(out.leaflets, "TARGET: Treating your infection – urinary tract infection (UTI)", P.women);
      offer("non-pregnant-women", P.women, C.womenNitrofurantoin, renal);
      offer("non-pregnant-women", P.women, C.womenTrimethoprim);
      offer("non-pregnant-women", P.women, C.womenNitrofurantoinSecond, renal);
      offer("non-pregnant-women", P.women, C.womenPivmecillinam);
      offer("non-pregnant-women", P.women, C.womenFosfomycin);
    }

    // Table 2: pregnant women aged 12 years and over.
    if (rule("pregnant-women", "recommendations on managing lower UTI in pregnant women; table 2", and(uti, pregnant12AndOver))) {
      out.strategy("immediate", undefined, P.pregnant);
      out.text(out.advice, "Obtain a midstream urine sample before antibiotics are taken and send it for culture and susceptibility testing", P.pregnant);
      const notAtTerm = not(atTerm);
      const renalNotAtTerm: Gate = {
        result: and(renal.result, notAtTerm),
        whyFalse: () => [...(renal.result === false ? [renal.whyFalse()] : []), ...(notAtTerm === false ? ["not at-term (at term = yes)"] : [])].join("; "),
      };
      offer("pregnant-women", P.pregnant, C.pregnantNitrofurantoin, renalNotAtTerm);
      offer("pregnant-women", P.pregnant, C.pregnantAmoxicillin, amoxicillinSusceptible());
      offer("pregnant-women", P.pregnant, C.pregnantCefalexin);
      out.text(out.advice, "Alternative second choices: consult the local microbiologist and choose using culture and susceptibility results", P.pregnant);
    }

    // Table 3: men aged 16 years and over.
    if (rule("men", "recommendations on managing lower UTI in men; table 3", and(uti, male, age16y, not(pregnant)))) {
      out.strategy("immediate", undefined, P.men);
      out.text(out.advice, "Obtain a midstream urine sample before antibiotics are taken and send it for culture and susceptibility testing", P.men);
      offer("men", P.men, C.menTrimethoprim);
      offer("men", P.men, C.menNitrofurantoin, renal);
      out.text(out.advice, "Second choice (no improvement after at least 48 hours, or first choice unsuitable): consider alternative diagnoses and base the choice on recent culture and susceptibility results", P.men);
    }

    // Table 4: children and young people under 16 years.
    if (rule("children-under-3-months", "table 4: children under 3 months", and(uti, not(age3m)))) {
      out.actions.push({
        kind: "refer",
        to: "paediatric-specialist",
        urgency: "immediate",
        reason: "Children under 3 months with a lower UTI: refer to a paediatric specialist and treat with intravenous antibiotics in line with the NICE guideline on UTI in under 16s",
        unverified: "NICE NG109 table 4 says refer; the urgency is not in the cited source: immediate, because the infant needs intravenous antibiotics",
        provenance: P.under3m,
      });
    }
    if (rule("children-3-months-and-over", "table 4: children and young people aged 3 months to 15 years", and(uti, age3m, not(age16y), not(pregnant12AndOver)))) {
      out.text(out.advice, "Send a urine sample for culture and susceptibility testing, in line with the NICE guideline on UTI in under 16s", P.children);
      out.text(out.advice, "Second choice: amoxicillin only if culture results are available and show susceptibility (check the dose in the BNF for Children)", P.children);
    }
    if (rule("trimethoprim-3-to-5-months", "table 4: trimethoprim, 3 to 5 months", and(uti, age3m, not(age6m)))) {
      offer("trimethoprim-3-to-5-months", P.tmp3to5m, C.trimethoprim3to5m);
    }
    if (rule("trimethoprim-6-months-to-5-years", "table 4: trimethoprim, 6 months to 5 years", and(uti, age6m, not(age6y)))) {
      offer("trimethoprim-6-months-to-5-years", P.tmp6mTo5y, C.trimethoprim6mTo5y);
    }
    if (rule("trimethoprim-6-to-11-years", "table 4: trimethoprim, 6 to 11 years", and(uti, age6y, not(age12y)))) {
      offer("trimethoprim-6-to-11-years", P.tmp6to11, C.trimethoprim6to11);
    }
    if (rule("trimethoprim-12-to-15-years", "table 4: trimethoprim, 12 to 15 years", and(uti, age12y, not(age16y), not(pregnant12AndOver)))) {
      offer("trimethoprim-12-to-15-years", P.tmp12to15, C.trimethoprim12to15);
    }
    if (rule("nitrofurantoin-3-months-to-11-years", "table 4: nitrofurantoin, 3 months to 11 years", and(uti, age3m, not(age12y)))) {
      offer("nitrofurantoin-3-months-to-11-years", P.nit3mTo11, C.nitrofurantoin3mTo11, renal);
      offer("nitrofurantoin-3-months-to-11-years", P.nit3mTo11, C.nitrofurantoin3mTo11Second, renal);
    }
    if (rule("nitrofurantoin-12-to-15-years", "table 4: nitrofurantoin, 12 to 15 years", and(uti, age12y, not(age16y), not(pregnant12AndOver)))) {
      offer("nitrofurantoin-12-to-15-years", P.nit12to15, C.nitrofurantoin12to15, renal);
      offer("nitrofurantoin-12-to-15-years", P.nit12to15, C.nitrofurantoin12to15Second, renal);
    }
    if (rule("cefalexin-3-to-11-months", "table 4: cefalexin, 3 to 11 months", and(uti, age3m, not(age12m)))) {
      offer("cefalexin-3-to-11-months", P.cef3to11m, C.cefalexin3to11m);
    }
    if (rule("cefalexin-1-to-4-years", "table 4: cefalexin, 1 to 4 years", and(uti, age12m, not(age5y)))) {
      offer("cefalexin-1-to-4-years", P.cef1to4, C.cefalexin1to4);
    }
    if (rule("cefalexin-5-to-11-years", "table 4: cefalexin, 5 to 11 years", and(uti, age5y, not(age12y)))) {
      offer("cefalexin-5-to-11-years", P.cef5to11, C.cefalexin5to11);
    }
    if (rule("cefalexin-12-to-15-years", "table 4: cefalexin, 12 to 15 years", and(uti, age12y, not(age16y), not(pregnant12AndOver)))) {
      offer("cefalexin-12-to-15-years", P.cef12to15, C.cefalexin12to15);
    }

    // Recommendation 1.1.4: urine culture shows resistance to the current antibiotic.
    const culture = "recommendation 1.1.4";
    const key = "ng109-culture-resistant";
    const lazyAnd = (parts: Tri[]): Tri => (and(...parts) === false ? false : and(...parts, resistant()));
    if (rule("culture-resistant-in-pregnancy", culture, lazyAnd([uti, pregnant]))) {
      out.alerts.push({ priority: "high", key, provenance: P.resistantPregnant, message: "Urine culture shows the bacteria are resistant to the current antibiotic: in pregnancy, change the antibiotic, using a narrow-spectrum antibiotic wherever possible" });
    }
    if (rule("culture-resistant-not-improving", culture, lazyAnd([uti, not(pregnant), not(improving)]))) {
      out.alerts.push({ priority: "high", key, provenance: P.resistantNotImproving, message: "Urine culture shows the bacteria are resistant to the current antibiotic and symptoms are not improving: change the antibiotic, using a narrow-spectrum antibiotic wherever possible" });
    }
    if (rule("culture-resistant-improving", culture, lazyAnd([uti, not(pregnant), improving]))) {
      out.alerts.push({ priority: "info", key, provenance: P.resistantImproving, message: "Urine culture shows resistance to the current antibiotic, but symptoms are already improving: NICE advises changing the antibiotic only if symptoms are not improving" });
    }
    return finish();
  };
}
