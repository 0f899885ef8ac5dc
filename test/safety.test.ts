// Prescribing safety on patients coded the way English GP and hospital systems code them (SNOMED CT
// allergies and manifestations, dm+d orders and allergies, the site-unspecified UTI code, culture
// results), against every bundled guideline. Each case states the whole outcome a pharmacist would
// check: the options offered, excluded and withheld and why, every alert with its priority, the
// actions, and that no two guidelines contradict each other.
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { evaluate, type Decision, type PatientContextInput } from "@steward/core";
import { contradictionsIn } from "@steward/testing";
import { evaluatorOf } from "./support/guidelines.js";

const NOW = "2026-11-25T09:00:00Z";
const SCT = "http://snomed.info/sct";
const DMD = "https://dmd.nhs.uk";
const LOINC = "http://loinc.org";

const evaluator = evaluatorOf();

function decide(context: PatientContextInput): Decision {
  const result = evaluate(evaluator, context, { now: NOW });
  if (isLeft(result)) throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

/** The Decision as a pharmacist reads it: every part that carries clinical meaning, in order. */
function outcome(d: Decision): Record<string, unknown> {
  return {
    rules: d.guidelines.filter((g) => g.rulesApplied.length > 0).map((g) => `${g.id}: ${g.rulesApplied.join(", ")}`),
    strategies: d.strategies.map((s) => s.kind),
    offered: d.treatments.map((t) => `${t.rank} ${t.drug.id}${t.cautions.length > 0 ? ` (caution: ${t.cautions.join("; ")})` : ""}`),
    excluded: d.excluded.map((e) => `${e.rank} ${e.drug.id} [${e.because}]: ${e.reason}`),
    withheld: d.withheld.map((w) => `${w.rank} ${w.drug.id}: ${w.reason}`),
    alerts: d.alerts.map((a) => `${a.priority}${a.interruptive ? " interruptive" : ""} ${a.key}${a.recommends ? ` (${a.recommends})` : ""}: ${a.message}`),
    suppressed: d.suppressedAlerts.map((s) => `${s.priority} ${s.key} ${s.reason} (${s.provenance.guideline})`),
    actions: d.actions.map(action),
    advice: d.advice.map((a) => a.text),
    missing: d.missingData.map((m) => m.data),
    unrecognised: d.unrecognisedDiagnoses.map((u) => u.code),
    unmatched: d.unmatchedAllergies.map((u) => u.code?.code ?? u.id),
    contradictions: contradictionsIn(d).map((c) => c.message),
  };
}

function action(a: Decision["actions"][number]): string {
  const about = a.concerns?.order?.id !== undefined ? ` [${a.concerns.order.id}]` : "";
  switch (a.kind) {
    case "review":
      return `review ${a.status} at ${a.due} (${a.provenance.guideline}: ${a.outcomes.join("/")})${about}`;
    case "refer":
      return `refer ${a.to} ${a.urgency}${about}`;
    case "de-escalate":
      return `de-escalate to ${a.to.map((t) => t.id).join(", ")}${about}`;
    case "switch-to-oral":
      return `switch to oral ${a.to.id}${a.dose ? ` ${a.dose.text} (${a.dose.source})` : ""}${about}`;
    case "request":
      return `request ${a.data}${about}`;
  }
}

const nothing = { strategies: [], offered: [], excluded: [], withheld: [], alerts: [], suppressed: [], actions: [], advice: [], missing: [], unrecognised: [], unmatched: [], contradictions: [] };

// NICE NG138 for an inpatient with community-acquired pneumonia: what every adult is told, the
// CURB65 criteria it asks for when they are not recorded, and the review of a course already running.
const ng138Advice = [
  "Choose the antibiotic by severity, comorbidities, local antimicrobial resistance, recent antibiotic use and previous microbiology results, including colonisation with multidrug-resistant bacteria",
  "Give oral antibiotics first line if the person can take them and the severity allows; review intravenous antibiotics by 48 hours and consider switching to oral",
  "Score CRB65 (CURB65 in hospital) from confusion, respiratory rate and blood pressure (and urea) taken at this assessment: the latest recorded values are used",
];
const curb65Criteria = ["finding:confusion", "observation:urea", "observation:respiratory-rate", "observation:systolic-bp", "observation:diastolic-bp"];
const ng138CourseReview = "ng138-pneumonia: current-course-review";
const ng138ReviewAdvice =
  "Already on amoxicillin (iv) for this pneumonia: review it rather than start another antibiotic; review an intravenous antibiotic by 48 hours and consider switching to oral";

// ---- Patients ------------------------------------------------------------------------------------

const cystitis = { system: SCT, code: "38822007", display: "Cystitis" };
const utiUnspecified = { system: SCT, code: "68566005", display: "Urinary tract infectious disease" };
const sepsis = { system: SCT, code: "91302008", display: "Sepsis" };
const pneumonia = { system: SCT, code: "385093006", display: "Community acquired pneumonia" };
const ecoli = { system: SCT, code: "112283007", display: "Escherichia coli" };
const saureus = { system: SCT, code: "3092008", display: "Staphylococcus aureus" };
const anaphylaxis = { system: SCT, code: "39579001", display: "Anaphylaxis" };
const penicillinAllergy = { system: SCT, code: "91936005", display: "Allergy to penicillin" };

const egfr = (value: number, time = "2026-11-20T09:00:00Z") => ({ code: { system: LOINC, code: "33914-3", display: "eGFR (MDRD)" }, value, unit: "mL/min/{1.73_m2}", time });

/** A woman of 30 in general practice with cystitis, eGFR 80, nothing else on record. */
function woman(extra: Partial<PatientContextInput> = {}): PatientContextInput {
  return {
    patient: { birthDate: "1996-05-14", sex: "female", pregnancy: { status: "not-pregnant" } },
    setting: "primary-care",
    diagnoses: [{ code: cystitis, status: "active" }],
    allergies: [],
    observations: [egfr(80)],
    findings: [],
    orders: [],
    microbiology: [],
    ...extra,
  };
}

function pregnantWoman(pregnancy: { trimester: 1 | 2 | 3; atTerm: boolean; gestationWeeks?: number }, extra: Partial<PatientContextInput> = {}): PatientContextInput {
  return woman({ patient: { birthDate: "1996-05-14", sex: "female", pregnancy: { status: "pregnant", ...pregnancy } }, ...extra });
}

/** A man of 76 in hospital with sepsis, nothing else on record. */
function inpatient(extra: Partial<PatientContextInput> = {}): PatientContextInput {
  return {
    patient: { birthDate: "1950-02-02", sex: "male" },
    setting: "inpatient",
    diagnoses: [{ code: sepsis, status: "active" }],
    allergies: [],
    observations: [],
    findings: [],
    orders: [],
    microbiology: [],
    ...extra,
  };
}

const bloodCulture = (organism: typeof ecoli, susceptible: readonly string[]) => ({
  id: "bc1",
  specimen: "blood" as const,
  status: "final" as const,
  collected: "2026-11-23T08:00:00Z",
  reported: "2026-11-24T16:00:00Z",
  organism,
  susceptibilities: susceptible.map((id) => ({ drug: { id }, result: "susceptible" as const })),
});

const ivCourse = (id: string, drug: string, indication = sepsis) => ({ id, status: "active" as const, drug: { id: drug }, route: "iv" as const, start: "2026-11-23T09:00:00Z", indications: [indication] });

/**
 * A woman of 55 on IV amoxicillin for pneumonia since 48 hours ago, meeting every national IVOS
 * criterion, each recorded within the last 24 hours, with no infection needing IV treatment.
 */
function ivosPatient(change: { findings?: Record<string, { present: boolean; time?: string }>; temperatures?: readonly number[] } = {}): PatientContextInput {
  const recorded: Record<string, { present: boolean; time?: string }> = {
    "clinical-signs-improving": { present: true },
    "gi-tract-functioning": { present: true },
    "safe-swallow-or-enteral-tube": { present: true },
    "vomiting-in-last-24-hours": { present: false },
    "adherence-concerns": { present: false },
    "bloodstream-infection": { present: false },
    empyema: { present: false },
    endocarditis: { present: false },
    meningitis: { present: false },
    osteomyelitis: { present: false },
    "necrotising-soft-tissue-infection": { present: false },
    ...change.findings,
  };
  const temperatures = change.temperatures ?? [37.1, 36.8];
  return {
    patient: { birthDate: "1971-08-02", sex: "female", pregnancy: { status: "not-pregnant" } },
    setting: "inpatient",
    diagnoses: [{ code: pneumonia, status: "active" }],
    allergies: [],
    observations: [
      ...temperatures.map((value, i) => ({ code: { system: LOINC, code: "8310-5" }, value, unit: "Cel", time: `2026-11-2${i === 0 ? "4T20" : "5T06"}:00:00Z` })),
      { code: { system: SCT, code: "1104051000000101" }, value: 4, unit: "{score}", time: "2026-11-24T12:00:00Z" },
      { code: { system: SCT, code: "1104051000000101" }, value: 2, unit: "{score}", time: "2026-11-25T06:00:00Z" },
    ],
    findings: Object.entries(recorded).map(([finding, f]) => ({ finding, present: f.present, time: f.time ?? "2026-11-25T08:00:00Z" })),
    orders: [{ id: "rx-amox-iv", status: "active", drug: { id: "amoxicillin" }, route: "iv", start: "2026-11-23T09:00:00Z", indications: [pneumonia] }],
    microbiology: [],
  };
}

// ---- The cases -----------------------------------------------------------------------------------

const pivmecillinamAllergyExcluded = (label: string) => `second pivmecillinam [allergy]: allergy recorded: ${label}`;
const table1Offered = ["first nitrofurantoin", "first trimethoprim", "second nitrofurantoin", "second pivmecillinam", "second fosfomycin"];
const table1Advice = [
  "Take into account the severity of symptoms, the risk of complications, previous urine culture and susceptibility results, previous antibiotic use and the woman's preferences",
  "Possible adverse effects include diarrhoea and nausea; seek medical help if symptoms worsen, do not improve within 48 hours of taking the antibiotic, or the person becomes very unwell",
];
const table2Advice = [
  "Obtain a midstream urine sample before antibiotics are taken and send it for culture and susceptibility testing",
  "Alternative second choices: consult the local microbiologist and choose using culture and susceptibility results",
];
/** What the IV-to-oral switch criteria need recorded, when nothing about the patient is. */
const ivosCriteria = [
  "finding:clinical-signs-improving@24 hours",
  "observation:temperature@24 hours",
  "observation:news2:two-results",
  "finding:gi-tract-functioning@24 hours",
  "finding:safe-swallow-or-enteral-tube@24 hours",
  "finding:vomiting-in-last-24-hours@24 hours",
  "finding:adherence-concerns@24 hours",
];
const ivosSpecialConsiderations = ["bloodstream-infection", "empyema", "endocarditis", "meningitis", "osteomyelitis", "necrotising-soft-tissue-infection"].map((f) => `finding:${f}`);
const ng109 = (...rules: string[]) => `ng109-lower-uti: ${rules.join(", ")}`;

describe("allergies as GP systems code them", () => {
  test("SNOMED CT 91936005 (Allergy to penicillin) with no reaction details rules out pivmecillinam, a penicillin", () => {
    expect(outcome(decide(woman({ allergies: [{ code: penicillinAllergy, verification: "confirmed", category: "medication" }] })))).toEqual({
      ...nothing,
      rules: [ng109("non-pregnant-women")],
      strategies: ["back-up", "immediate"],
      offered: table1Offered.filter((o) => o !== "second pivmecillinam"),
      excluded: [pivmecillinamAllergyExcluded("Allergy to penicillin")],
      advice: table1Advice,
    });
  });

  test("the substance amoxicillin (372687004) with coded anaphylaxis, in pregnancy: amoxicillin and, by the BNF immediate-type rule, cefalexin are ruled out", () => {
    const allergy = { code: { system: SCT, code: "372687004", display: "Amoxicillin" }, verification: "confirmed" as const, criticality: "high" as const, manifestations: [anaphylaxis] };
    const culture = { id: "c1", specimen: "urine" as const, status: "final" as const, reported: "2026-11-24T10:00:00Z", susceptibilities: [{ drug: { id: "amoxicillin" }, result: "susceptible" as const }] };
    expect(outcome(decide(pregnantWoman({ trimester: 2, atTerm: false }, { allergies: [allergy], microbiology: [culture] })))).toEqual({
      ...nothing,
      rules: [ng109("pregnant-women")],
      strategies: ["immediate"],
      offered: ["first nitrofurantoin"],
      excluded: [
        "second amoxicillin [allergy]: allergy recorded: Amoxicillin (Anaphylaxis)",
        "second cefalexin [allergy]: allergy recorded: Amoxicillin (Anaphylaxis): an immediate-type reaction, after which cephalosporins may cross-react (British National Formulary (BNF): Penicillins: cautions (cross-sensitivity); HL7 UK Core R4 example resources (AllergyIntolerance, Medication, MedicationRequest): MedicationRequest and MedicationDispense amoxicillin examples: 890458001; eHDSI Reaction Allergy value set (SNOMED CT manifestations of allergic reactions): manifestation codes of immediate-type reactions; not confirmed in a cited source: from the BNF penicillins monograph; not confirmed in the UK clinical facts sheet)",
      ],
      advice: table2Advice,
    });
  });

  test("a dm+d coded allergy (amoxicillin 500 mg capsules) with a delayed rash rules out pivmecillinam; in pregnancy cefalexin is offered with a caution, not ruled out", () => {
    const allergy = { code: { system: DMD, code: "39732411000001106", display: "Amoxicillin 500mg capsules" }, immediate: false, reaction: "rash after five days", verification: "confirmed" as const };
    expect(outcome(decide(woman({ allergies: [allergy] })))).toEqual({
      ...nothing,
      rules: [ng109("non-pregnant-women")],
      strategies: ["back-up", "immediate"],
      offered: table1Offered.filter((o) => o !== "second pivmecillinam"),
      excluded: [pivmecillinamAllergyExcluded("Amoxicillin 500mg capsules (rash after five days)")],
      advice: table1Advice,
    });
    expect(outcome(decide(pregnantWoman({ trimester: 2, atTerm: false }, { allergies: [allergy] })))).toEqual({
      ...nothing,
      rules: [ng109("pregnant-women")],
      strategies: ["immediate"],
      offered: [
        "first nitrofurantoin",
        "second cefalexin (caution: allergy recorded: Amoxicillin 500mg capsules (rash after five days), not immediate-type: cephalosporins are ruled out only after an immediate-type reaction (British National Formulary (BNF): Penicillins: cautions (cross-sensitivity); HL7 UK Core R4 example resources (AllergyIntolerance, Medication, MedicationRequest): MedicationRequest and MedicationDispense amoxicillin examples: 890458001; eHDSI Reaction Allergy value set (SNOMED CT manifestations of allergic reactions): manifestation codes of immediate-type reactions; not confirmed in a cited source: from the BNF penicillins monograph; not confirmed in the UK clinical facts sheet); check the reaction history)",
      ],
      excluded: [
        "second amoxicillin [allergy]: allergy recorded: Amoxicillin 500mg capsules (rash after five days)",
      ],
      advice: table2Advice,
    });
  });

  test("a penicillin allergy whose reaction type is not recorded withholds cefalexin in pregnancy and asks whether the reaction was immediate-type", () => {
    expect(outcome(decide(pregnantWoman({ trimester: 2, atTerm: false }, { allergies: [{ code: penicillinAllergy, verification: "confirmed", reaction: "reaction not recorded" }] })))).toEqual({
      ...nothing,
      rules: [ng109("pregnant-women")],
      strategies: ["immediate"],
      offered: ["first nitrofurantoin"],
      excluded: ["second amoxicillin [allergy]: allergy recorded: Allergy to penicillin (reaction not recorded)"],
      withheld: [
        "second cefalexin: cefalexin may cross-react with an allergy whose reaction is not recorded as immediate-type or not: record whether the reaction to penicillins was immediate-type (anaphylaxis, angioedema, urticaria, or a rash straight after a dose)",
      ],
      advice: table2Advice,
      missing: ["allergy-reaction:penicillins"],
    });
  });

  test("an intolerance to amoxicillin (nausea) rules amoxicillin out but, not being an allergy, never cefalexin", () => {
    const culture = { id: "c1", specimen: "urine" as const, status: "final" as const, reported: "2026-11-24T10:00:00Z", susceptibilities: [{ drug: { id: "amoxicillin" }, result: "susceptible" as const }] };
    expect(outcome(decide(pregnantWoman({ trimester: 2, atTerm: false }, { allergies: [{ drug: "amoxicillin", type: "intolerance", reaction: "nausea", verification: "confirmed" }], microbiology: [culture] })))).toEqual({
      ...nothing,
      rules: [ng109("pregnant-women")],
      strategies: ["immediate"],
      offered: ["first nitrofurantoin", "second cefalexin (caution: intolerance recorded: amoxicillin (nausea); an intolerance is not an allergy, so cephalosporins are not ruled out for cross-reactivity)"],
      excluded: ["second amoxicillin [allergy]: intolerance recorded: amoxicillin (nausea)"],
      advice: table2Advice,
    });
  });

  test("allergy records Steward cannot map are listed in the Decision and put a caution on every option; a food allergy is not a drug allergy", () => {
    const unknownProduct = { code: { system: DMD, code: "999999999", display: "Unknown product" }, verification: "confirmed" as const, category: "medication" as const };
    const cashew = { code: { system: SCT, code: "227493005", display: "Cashew nuts" }, verification: "confirmed" as const, category: "food" as const };
    const check = (drug: string) => `check for allergy to ${drug}: an allergy is not matched to the formulary`;
    expect(outcome(decide(woman({ allergies: [unknownProduct, cashew] })))).toEqual({
      ...nothing,
      rules: [ng109("non-pregnant-women")],
      strategies: ["back-up", "immediate"],
      offered: table1Offered.map((o) => `${o} (caution: ${check(o.split(" ")[1]!)})`),
      advice: table1Advice,
      missing: ["allergy:snomed|999999999"],
      unmatched: ["999999999"],
    });
  });
});

describe("orders drafted against each contraindication, as GP and hospital systems send them", () => {
  const nitrofurantoinMr = { code: { system: DMD, code: "39108511000001108" }, display: "Nitrofurantoin 100mg modified-release capsules" };
  const draft = (id: string, drug: { id?: string; code?: { system: string; code: string }; display?: string }, indications = [cystitis]) => ({ id, status: "draft" as const, drug, route: "oral" as const, indications });

  test("a dm+d nitrofurantoin order with an eGFR of 30: a high alert names the order; nitrofurantoin is not offered, for the same reason", () => {
    const renal =
      "Nitrofurantoin with an eGFR below 45 mL/min/1.73m2: NICE recommends it only if the eGFR is 45 or more: egfr < 45 mL/min/1.73m2 (egfr = 30 mL/min/1.73m2 on 2026-11-20) [NICE NG109, tables 1 to 4: nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more; Lothian Joint Formulary, nitrofurantoin: avoid if eGFR is below 45 mL/min/1.73m2]";
    const d = decide(woman({ observations: [egfr(30)], orders: [draft("rx-nitro", nitrofurantoinMr)] }));
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: [ng109("non-pregnant-women")],
      strategies: ["back-up", "immediate"],
      offered: ["first trimethoprim", "second pivmecillinam", "second fosfomycin"],
      excluded: [`first nitrofurantoin [contraindication]: ${renal}`, `second nitrofurantoin [contraindication]: ${renal}`],
      alerts: [
        "high interruptive nitrofurantoin-egfr-below-45@rx-nitro: Nitrofurantoin with an eGFR below 45 mL/min/1.73m2: NICE recommends it only if the eGFR is 45 or more — Nitrofurantoin (order rx-nitro, draft)",
      ],
      advice: table1Advice,
    });
    expect(d.alerts[0]).toMatchObject({ check: { kind: "contraindication", id: "nitrofurantoin-egfr-below-45" }, concerns: { order: { id: "rx-nitro" } } });
  });

  test("a dm+d nitrofurantoin order at term: the high alert, and cefalexin the only option until a culture shows amoxicillin susceptibility", () => {
    const d = decide(pregnantWoman({ trimester: 3, atTerm: true, gestationWeeks: 38 }, { orders: [draft("rx-nitro", nitrofurantoinMr)] }));
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: [ng109("pregnant-women")],
      strategies: ["immediate"],
      offered: ["second cefalexin"],
      excluded: [
        "first nitrofurantoin [contraindication]: Nitrofurantoin at term: avoid (risk of neonatal haemolysis): pregnant (pregnant = yes); age >= 12 years (age = 30 years); at-term (at term = yes) [NICE NG109, table 2: avoid nitrofurantoin at term (risk of neonatal haemolysis); Antimicrobial prescribing in pregnancy and breast feeding (NHS Forth Valley hospital guidance), avoid nitrofurantoin at term]",
        "second amoxicillin [condition]: not met: any culture where culture specimen is urine and culture result for amoxicillin is susceptible (no cultures recorded)",
      ],
      alerts: ["high interruptive nitrofurantoin-at-term@rx-nitro: Nitrofurantoin at term: avoid (risk of neonatal haemolysis) — Nitrofurantoin (order rx-nitro, draft)"],
      advice: table2Advice,
    });
  });

  test("a trimethoprim order in the first trimester raises the high alert; in the second trimester none", () => {
    const order = draft("rx-trim", { id: "trimethoprim" });
    expect(outcome(decide(pregnantWoman({ trimester: 1, atTerm: false, gestationWeeks: 9 }, { orders: [order] })))).toEqual({
      ...nothing,
      rules: [ng109("pregnant-women")],
      strategies: ["immediate"],
      offered: ["first nitrofurantoin", "second cefalexin"],
      excluded: ["second amoxicillin [condition]: not met: any culture where culture specimen is urine and culture result for amoxicillin is susceptible (no cultures recorded)"],
      alerts: ["high interruptive trimethoprim-first-trimester@rx-trim: Trimethoprim in the first trimester of pregnancy: avoid (folate antagonist) — Trimethoprim (order rx-trim, draft)"],
      advice: table2Advice,
    });
    expect(decide(pregnantWoman({ trimester: 2, atTerm: false, gestationWeeks: 16 }, { orders: [order] })).alerts).toEqual([]);
  });

  test("a dm+d doxycycline order in pregnancy with no coded diagnosis: the pregnancy alert interrupts, ahead of the request to code the diagnosis", () => {
    const d = decide(pregnantWoman({ trimester: 2, atTerm: false }, { diagnoses: [], orders: [draft("rx-doxy", { code: { system: DMD, code: "41948311000001104" } }, [])] }));
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: ["coded-indication: diagnosis-before-prescription"],
      alerts: [
        "high interruptive tetracyclines-in-pregnancy@rx-doxy: Tetracyclines such as doxycycline should not be given in pregnancy — Doxycycline (order rx-doxy, draft)",
        "high coded-diagnosis-required@rx-doxy: Code the diagnosis for doxycycline before the prescription is generated: every antimicrobial prescription must be linked to a coded diagnosis",
      ],
    });
  });

  test("IV co-amoxiclav drafted for a patient with penicillin anaphylaxis raises a critical, interruptive allergy alert", () => {
    const allergy = { code: penicillinAllergy, verification: "confirmed" as const, criticality: "high" as const, manifestations: [anaphylaxis] };
    const order = { id: "rx-coamox", status: "draft" as const, drug: { id: "co-amoxiclav" }, route: "iv" as const, start: "2026-11-25T08:00:00Z", indications: [pneumonia] };
    const d = decide(inpatient({ diagnoses: [{ code: pneumonia, status: "active" }], allergies: [allergy], orders: [order] }));
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: review-iv-at-48-hours", "ng138-pneumonia: adults, severity-not-assessed-hospital", "start-smart-then-focus: review-at-48-to-72-hours"],
      strategies: ["immediate"],
      alerts: [
        "critical interruptive allergy@rx-coamox: Co-amoxiclav (order rx-coamox, draft): allergy recorded: Allergy to penicillin (Anaphylaxis)",
        "medium ng138-severity-not-assessed: Record confusion, urea, respiratory rate and blood pressure to score CURB65: the antibiotic choice depends on the severity",
      ],
      actions: [
        "review upcoming at 2026-11-27T08:00:00Z (iv-to-oral-switch: switch-to-oral/continue) [rx-coamox]",
        "review upcoming at 2026-11-27T08:00:00Z (start-smart-then-focus: stop/switch-to-oral/change/continue/opat) [rx-coamox]",
      ],
      advice: ng138Advice,
      missing: [...ivosCriteria, ...ivosSpecialConsiderations, ...curb65Criteria],
    });
    expect(d.alerts[0]).toMatchObject({ check: { kind: "allergy" }, concerns: { order: { id: "rx-coamox" } } });
  });
});

describe("diagnoses as systems code them", () => {
  test("a UTI coded 68566005 (site not specified) gets NG109 table 1 with a caution to rule out upper UTI", () => {
    expect(outcome(decide(woman({ diagnoses: [{ code: utiUnspecified, status: "active" }] })))).toEqual({
      ...nothing,
      rules: [ng109("non-pregnant-women", "site-not-specified")],
      strategies: ["back-up", "immediate"],
      offered: table1Offered,
      alerts: [
        "medium ng109-site-not-specified: The diagnosis is coded as a urinary tract infection without saying lower or upper: these recommendations are for lower UTI; check for signs of upper UTI (acute pyelonephritis, NICE NG111) before following them",
      ],
      advice: table1Advice,
    });
  });

  test("an infant under 3 months with a UTI coded 68566005 is still referred to a paediatric specialist, immediately, and offered nothing", () => {
    const infant = { ...woman({ diagnoses: [{ code: utiUnspecified, status: "active" }], observations: [] }), patient: { birthDate: "2026-09-20", sex: "female" as const } };
    const d = decide(infant);
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: [ng109("children-under-3-months", "site-not-specified")],
      alerts: [
        "medium ng109-site-not-specified: The diagnosis is coded as a urinary tract infection without saying lower or upper: these recommendations are for lower UTI; check for signs of upper UTI (acute pyelonephritis, NICE NG111) before following them",
      ],
      actions: ["refer paediatric-specialist immediate"],
    });
    expect(d.actions[0]).toMatchObject({ unverified: expect.stringContaining("the urgency is not in the cited source") });
  });

  test("an active diagnosis no guideline recognises is listed as such, and sepsis 91302008 and community-acquired pneumonia 385093006 are recognised", () => {
    const hypertension = { system: SCT, code: "38341003", display: "Hypertensive disorder" };
    const d = decide(inpatient({ diagnoses: [{ code: sepsis, status: "active" }, { code: pneumonia, status: "active" }, { code: hypertension, status: "active" }, { code: { system: SCT, code: "36689008", display: "Acute pyelonephritis" }, status: "resolved" }] }));
    expect(d.unrecognisedDiagnoses).toEqual([hypertension]);
  });
});

describe("culture results act on the choice", () => {
  test("a urine culture from two months ago resistant to trimethoprim rules it out, the culture named as the reason", () => {
    const culture = {
      id: "c-sept",
      specimen: "urine" as const,
      status: "final" as const,
      reported: "2026-09-25T10:00:00Z",
      organism: ecoli,
      susceptibilities: [
        { drug: { id: "trimethoprim" }, result: "resistant" as const },
        { drug: { id: "nitrofurantoin" }, result: "susceptible" as const },
      ],
    };
    expect(outcome(decide(woman({ microbiology: [culture] })))).toEqual({
      ...nothing,
      rules: [ng109("non-pregnant-women")],
      strategies: ["back-up", "immediate"],
      offered: table1Offered.filter((o) => o !== "first trimethoprim"),
      excluded: [
        "first trimethoprim [resistance]: the urine culture c-sept (Escherichia coli) reported 2026-09-25 is resistant to trimethoprim [NICE NG109, recommendation 1.1.4 and tables 1 to 4: take previous urine culture and susceptibility results into account; every recorded result counts: NICE NG109 gives no time limit for previous urine culture results: every resistant result on record counts]",
      ],
      advice: table1Advice,
    });
  });

  test("an inpatient with lower UTI on trimethoprim, a resistant urine culture and improving symptoms is told one thing: continue (NICE NG109 1.1.4)", () => {
    const d = decide(
      woman({
        setting: "inpatient",
        orders: [{ id: "rx-trim", status: "active", drug: { id: "trimethoprim" }, route: "oral", start: "2026-11-23T09:00:00Z", indications: [cystitis] }],
        microbiology: [{ id: "c1", specimen: "urine", status: "final", reported: "2026-11-24T16:30:00Z", organism: ecoli, susceptibilities: [{ drug: { id: "trimethoprim" }, result: "resistant" }] }],
        findings: [{ finding: "symptoms-improving", present: true, time: "2026-11-25T08:00:00Z" }],
      }),
    );
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: [ng109("culture-resistant-improving", "current-course-review"), "start-smart-then-focus: review-at-48-to-72-hours, organism-resistant-to-current-antibiotic"],
      alerts: [
        "info organism-resistant@rx-trim+c1 (continue): The urine culture shows resistance to trimethoprim, but symptoms are already improving: NICE advises changing the antibiotic only if symptoms are not improving",
      ],
      suppressed: ["critical organism-resistant@rx-trim+c1 superseded (start-smart-then-focus)"],
      actions: [
        "review due at 2026-11-25T09:00:00Z (ng109-lower-uti: continue/change/stop) [rx-trim]",
        "review due at 2026-11-25T09:00:00Z (start-smart-then-focus: stop/switch-to-oral/change/continue/opat) [rx-trim]",
      ],
      advice: [
        "Already on trimethoprim for this urinary tract infection: review it rather than start another antibiotic; change to a second choice if there is no improvement after at least 48 hours or it is unsuitable, and act on culture results as NICE NG109 1.1.4 says",
      ],
    });
  });
});

describe("de-escalation respects allergy, infection site and route", () => {
  test("after penicillin anaphylaxis, an E. coli bacteraemia on IV ciprofloxacin is suggested no penicillin, no cephalosporin and no oral or urinary-only drug", () => {
    const allergy = { code: penicillinAllergy, verification: "confirmed" as const, manifestations: [anaphylaxis], criticality: "high" as const };
    const d = decide(inpatient({ allergies: [allergy], orders: [ivCourse("rx-cipro", "ciprofloxacin")], microbiology: [bloodCulture(ecoli, ["amoxicillin", "cefalexin", "ciprofloxacin", "gentamicin", "trimethoprim", "nitrofurantoin"])] }));
    const o = outcome(d);
    expect(o.rules).toContain("start-smart-then-focus: review-at-48-to-72-hours, narrower-option-available");
    expect(d.actions.filter((a) => a.kind === "de-escalate")).toEqual([]);
    expect(o.alerts).toEqual(["high interruptive restricted-antimicrobial@rx-cipro: ciprofloxacin is a restricted antimicrobial: approval from the antimicrobial stewardship team is needed"]);
    expect(o.contradictions).toEqual([]);
  });

  test("after penicillin anaphylaxis, a lower UTI on oral ciprofloxacin is stepped down to nitrofurantoin or trimethoprim, never amoxicillin or cefalexin", () => {
    const allergy = { code: penicillinAllergy, verification: "confirmed" as const, manifestations: [anaphylaxis], criticality: "high" as const };
    const culture = { id: "mc1", specimen: "urine" as const, status: "final" as const, reported: "2026-11-24T16:00:00Z", organism: ecoli, susceptibilities: ["amoxicillin", "cefalexin", "ciprofloxacin", "nitrofurantoin", "trimethoprim"].map((id) => ({ drug: { id }, result: "susceptible" as const })) };
    const course = { id: "rx-cipro", status: "active" as const, drug: { id: "ciprofloxacin" }, route: "oral" as const, start: "2026-11-23T09:00:00Z", indications: [cystitis] };
    const d = decide(woman({ setting: "inpatient", allergies: [allergy], orders: [course], microbiology: [culture] }));
    expect(d.actions.filter((a) => a.kind === "de-escalate").map(action)).toEqual(["de-escalate to nitrofurantoin, trimethoprim [rx-cipro]"]);
  });

  test("an E. coli bacteraemia on IV cefuroxime is stepped down to IV amoxicillin only: not nitrofurantoin or fosfomycin (urine only), not oral trimethoprim", () => {
    const d = decide(inpatient({ patient: { birthDate: "1950-02-02", sex: "female", pregnancy: { status: "not-pregnant" } }, orders: [ivCourse("rx-cefur", "cefuroxime")], microbiology: [bloodCulture(ecoli, ["nitrofurantoin", "fosfomycin", "trimethoprim", "gentamicin", "amoxicillin", "cefuroxime"])] }));
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: review-iv-at-48-hours", "start-smart-then-focus: review-at-48-to-72-hours, narrower-option-available"],
      actions: [
        "review due at 2026-11-25T09:00:00Z (iv-to-oral-switch: switch-to-oral/continue) [rx-cefur]",
        "review due at 2026-11-25T09:00:00Z (start-smart-then-focus: stop/switch-to-oral/change/continue/opat) [rx-cefur]",
        "de-escalate to amoxicillin [rx-cefur]",
      ],
      // A blood culture growing E. coli is a bloodstream infection, but only a recorded finding (or a
      // Staphylococcus aureus culture) says so to the switch criteria: it is asked for.
      missing: [...ivosCriteria, ...ivosSpecialConsiderations],
    });
  });

  test("a Staphylococcus aureus bacteraemia on IV co-amoxiclav is stepped down to IV flucloxacillin, not oral doxycycline, and the switch is left to specialist advice", () => {
    const d = decide(inpatient({ orders: [ivCourse("rx-coamox", "co-amoxiclav")], microbiology: [bloodCulture(saureus, ["doxycycline", "flucloxacillin", "co-amoxiclav", "clarithromycin"])] }));
    expect(outcome(d)).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: infection-needing-iv", "start-smart-then-focus: review-at-48-to-72-hours, narrower-option-available"],
      actions: ["review due at 2026-11-25T09:00:00Z (start-smart-then-focus: stop/switch-to-oral/change/continue/opat) [rx-coamox]", "de-escalate to flucloxacillin [rx-coamox]"],
      advice: ["co-amoxiclav: the infection is one the national IVOS criteria list as needing special consideration (section 5): switch to oral only on infection specialist advice"],
    });
  });
});

describe("the IV-to-oral switch: every criterion, recency, special considerations, the dose", () => {
  const reviews = [
    "review due at 2026-11-25T09:00:00Z (iv-to-oral-switch: switch-to-oral/continue) [rx-amox-iv]",
    "review due at 2026-11-25T09:00:00Z (start-smart-then-focus: stop/switch-to-oral/change/continue/opat) [rx-amox-iv]",
  ];

  test("a patient meeting every criterion is suggested oral amoxicillin, with the dose its cited source gives", () => {
    expect(outcome(decide(ivosPatient()))).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: switch-candidate, review-iv-at-48-hours", ng138CourseReview, "start-smart-then-focus: review-at-48-to-72-hours"],
      actions: ["switch to oral amoxicillin 500 mg oral three times daily until review (NICE NG138, table 1, low severity: amoxicillin 500 mg three times a day) [rx-amox-iv]", ...reviews],
      advice: ["A white cell count and CRP trending towards normal support the switch; if they are the only criteria not met, a switch can still be considered", ng138ReviewAdvice],
    });
  });

  test("vomiting in the last 24 hours: no switch, and a low-priority alert names the criterion", () => {
    expect(outcome(decide(ivosPatient({ findings: { "vomiting-in-last-24-hours": { present: true } } })))).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: vomiting, review-iv-at-48-hours", ng138CourseReview, "start-smart-then-focus: review-at-48-to-72-hours"],
      alerts: ["low ivos-vomiting@rx-amox-iv: No IV-to-oral switch of amoxicillin yet: vomiting in the last 24 hours (national IVOS criteria, section 4)"],
      actions: reviews,
      advice: [ng138ReviewAdvice],
    });
  });

  test("a fever of 38.4 °C in the last 24 hours: no switch, and a low-priority alert names the criterion", () => {
    expect(outcome(decide(ivosPatient({ temperatures: [38.4, 36.8] })))).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: temperature-outside-band, review-iv-at-48-hours", ng138CourseReview, "start-smart-then-focus: review-at-48-to-72-hours"],
      alerts: ["low ivos-temperature@rx-amox-iv: No IV-to-oral switch of amoxicillin yet: the temperature has been outside the afebrile band in the past 24 hours (national IVOS criteria, section 3)"],
      actions: reviews,
      advice: [ng138ReviewAdvice],
    });
  });

  test("a \"no vomiting\" recorded three days ago is stale: no switch until it is recorded again", () => {
    expect(outcome(decide(ivosPatient({ findings: { "vomiting-in-last-24-hours": { present: false, time: "2026-11-22T08:00:00Z" } } })))).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: review-iv-at-48-hours", ng138CourseReview, "start-smart-then-focus: review-at-48-to-72-hours"],
      actions: reviews,
      advice: [ng138ReviewAdvice],
      missing: ["finding:vomiting-in-last-24-hours@24 hours"],
    });
  });

  test("endocarditis, an infection the criteria list for special consideration: specialist advice, no switch, and no missed-criterion alerts", () => {
    expect(outcome(decide(ivosPatient({ findings: { endocarditis: { present: true }, "vomiting-in-last-24-hours": { present: true } } })))).toEqual({
      ...nothing,
      rules: ["iv-to-oral-switch: infection-needing-iv", ng138CourseReview, "start-smart-then-focus: review-at-48-to-72-hours"],
      actions: [reviews[1]],
      advice: ["amoxicillin: the infection is one the national IVOS criteria list as needing special consideration (section 5): switch to oral only on infection specialist advice", ng138ReviewAdvice],
    });
  });

  test("reviewed yesterday after 48 hours on IV: the daily review is due 24 hours after that review, not from now", () => {
    const patient = ivosPatient({ findings: { "vomiting-in-last-24-hours": { present: true } } });
    const course = { ...patient.orders![0]!, start: "2026-11-21T09:00:00Z", review: { outcome: "continue" as const, at: "2026-11-24T10:00:00Z", nextReview: "2026-11-26T10:00:00Z" } };
    expect(outcome(decide({ ...patient, orders: [course] })).actions).toEqual([
      "review upcoming at 2026-11-25T10:00:00Z (iv-to-oral-switch: switch-to-oral/continue) [rx-amox-iv]",
      "review upcoming at 2026-11-26T10:00:00Z (start-smart-then-focus: stop/switch-to-oral/change/continue/opat) [rx-amox-iv]",
    ]);
  });
});

describe("current treatment", () => {
  test("a woman already on trimethoprim for her UTI gets a review of it, not a fresh immediate or back-up prescription", () => {
    const course = { id: "rx-trim", status: "active" as const, drug: { id: "trimethoprim" }, route: "oral" as const, start: "2026-11-23T09:00:00Z", indications: [cystitis] };
    expect(outcome(decide(woman({ orders: [course] })))).toEqual({
      ...nothing,
      rules: [ng109("current-course-review")],
      actions: ["review due at 2026-11-25T09:00:00Z (ng109-lower-uti: continue/change/stop) [rx-trim]"],
      advice: [
        "Already on trimethoprim for this urinary tract infection: review it rather than start another antibiotic; change to a second choice if there is no improvement after at least 48 hours or it is unsuitable, and act on culture results as NICE NG109 1.1.4 says",
      ],
    });
  });
});

describe("the reaction ranks an order's allergy alert", () => {
  const order = { id: "rx-amox", status: "draft" as const, drug: { code: { system: DMD, code: "39732411000001106" }, display: "Amoxicillin 500mg capsules" }, route: "oral" as const, indications: [cystitis] };
  const alertFor = (allergy: NonNullable<PatientContextInput["allergies"]>[number]): string[] => outcome(decide(woman({ allergies: [allergy], orders: [order] }))).alerts as string[];

  test("an intolerance is medium, an allergy with no reaction recorded high, anaphylaxis critical", () => {
    expect(alertFor({ drug: "amoxicillin", type: "intolerance", reaction: "nausea", verification: "confirmed" })).toEqual([
      "medium allergy@rx-amox: Amoxicillin (order rx-amox, draft): intolerance recorded: amoxicillin (nausea)",
    ]);
    expect(alertFor({ code: penicillinAllergy, verification: "confirmed" })).toEqual(["high interruptive allergy@rx-amox: Amoxicillin (order rx-amox, draft): allergy recorded: Allergy to penicillin"]);
    expect(alertFor({ code: penicillinAllergy, verification: "confirmed", manifestations: [anaphylaxis] })).toEqual([
      "critical interruptive allergy@rx-amox: Amoxicillin (order rx-amox, draft): allergy recorded: Allergy to penicillin (Anaphylaxis)",
    ]);
  });
});
