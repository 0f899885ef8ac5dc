/** Writes a patient context as a scenario, so a counterexample can be pasted into a test file. */
import type { GuidelineIR, PatientContextInput } from "@steward/core";
import { codeSystems, findCodeSystemByUri, findContextUnit } from "@steward/core";

/** A unit as the rule language spells it (hosts may send UCUM, such as `mL/min/{1.73_m2}`). */
function unitWord(unit: string): string {
  const found = findContextUnit(unit);
  return found === "" ? "" : (found?.symbol ?? unit);
}

/** A code as scenario words, `snomed 38822007`, or undefined for a code system scenarios cannot name. */
function codeWords(coding: { readonly system: string; readonly code: string }): string | undefined {
  const system = (codeSystems.find((s) => s.word === coding.system) ?? findCodeSystemByUri(coding.system))?.word;
  return system === undefined ? undefined : `${system} ${coding.code}`;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The `given` lines that describe `context` (facts the phrase table cannot say become comments). */
export function givenLines(context: PatientContextInput, guidelines: readonly GuidelineIR[]): string[] {
  const lines: string[] = [];
  const p = context.patient;
  if (p.birthDate !== undefined) lines.push(`born ${p.birthDate}`);
  if (p.age !== undefined) lines.push(`age ${p.age} years`);
  if (p.sex !== undefined) lines.push(`sex ${p.sex}`);
  if (p.pregnancy?.status === "pregnant") lines.push(`pregnant${p.pregnancy.atTerm === true ? " at term" : p.pregnancy.atTerm === false ? " not at term" : ""}`);
  if (p.pregnancy?.status === "not-pregnant") lines.push("not pregnant");
  if (p.pregnancy?.status === "unknown") lines.push("pregnancy unknown");
  if (p.pregnancy?.gestationWeeks !== undefined) lines.push(`gestation ${p.pregnancy.gestationWeeks} weeks`);
  if (p.pregnancy?.trimester !== undefined) lines.push(`trimester ${p.pregnancy.trimester}`);
  if (p.breastfeeding !== undefined) lines.push(p.breastfeeding ? "breastfeeding" : "not breastfeeding");
  if (p.weight !== undefined) lines.push(`weight ${p.weight.value} ${unitWord(p.weight.unit)}`);
  lines.push(`setting ${context.setting}`);
  // A score the host records is sent as an observation, and said as `<score> <n>`.
  const observationByCode = new Map(guidelines.flatMap((g) => [...g.observations, ...g.scores.flatMap((sc) => (sc.kind === "recorded" ? [sc] : []))].flatMap((o) => o.codes.map((c) => [c.code, o] as const))));
  const began = (onset: string | undefined): string => (onset === undefined ? "" : ` started ${onset}`);
  if (context.diagnoses?.length === 0) lines.push("no diagnoses");
  for (const d of context.diagnoses ?? []) {
    const words = codeWords(d.code);
    if (words === undefined) lines.push(`# diagnosis ${d.code.system} ${d.code.code} (a code system scenarios cannot name)`);
    else if ((d.status ?? "active") !== "active") lines.push(`# diagnosis ${words} (${d.status}: not read by rules)`);
    else lines.push(`diagnosis ${words}${began(d.onset)}`);
  }
  for (const o of context.observations ?? []) {
    const observation = observationByCode.get(o.code.code);
    lines.push(observation ? `${observation.id} ${o.value} ${"kind" in observation ? "" : unitWord(o.unit)} on ${o.time}`.replace("  ", " ") : `# observation ${o.code.code} = ${o.value} ${o.unit} (not one the guidelines read)`);
  }
  const findings = new Set(guidelines.flatMap((g) => g.findings.map((f) => f.id)));
  for (const f of context.findings ?? []) {
    if (f.finding === undefined) continue;
    lines.push(findings.has(f.finding) ? `${f.present ? "" : "not "}${f.finding}${f.present ? began(f.onset) : ""}${f.time !== undefined ? ` on ${f.time}` : ""}` : `# finding ${f.finding} ${f.present ? "present" : "absent"} (not one the guidelines read)`);
  }
  if (context.allergies?.length === 0) lines.push("no allergies");
  for (const a of context.allergies ?? []) {
    const target = a.drug ?? a.class ?? (a.code !== undefined ? codeWords(a.code) : undefined);
    const manifestations = (a.manifestations ?? []).map((m) => codeWords(m)).filter((w) => w !== undefined).map((w) => `manifestation ${w}`);
    const details = [
      a.immediate === true ? "immediate" : a.immediate === false ? "delayed" : undefined,
      a.severity,
      a.criticality !== undefined ? `criticality ${a.criticality}` : undefined,
      a.verification,
      ...manifestations,
      a.reaction !== undefined ? quote(a.reaction) : undefined,
    ]
      .filter((x) => x !== undefined)
      .join(" ");
    if (target === undefined) lines.push(`# allergy to a substance coded in a system scenarios cannot name (${a.code?.system ?? "?"} ${a.code?.code ?? "?"})`);
    else if ((a.category ?? "medication") !== "medication") lines.push(`# ${a.category} allergy to ${target} (ignored by prescribing rules)`);
    else lines.push(`${a.type === "intolerance" ? "intolerant" : "allergic"} to ${target}${details ? ` ${details}` : ""}`);
  }
  if (context.orders?.length === 0) lines.push("no courses");
  for (const o of context.orders ?? []) {
    if (o.status !== "active" && o.status !== "draft") continue;
    const review = o.review ? ` reviewed ${o.review.outcome} at ${o.review.at}${o.review.nextReview ? ` next review ${o.review.nextReview}` : ""}` : "";
    const drug = o.drug.id ?? (o.drug.code !== undefined ? codeWords(o.drug.code) : undefined);
    const indications = (o.indications ?? []).map((c) => codeWords(c)).filter((w) => w !== undefined).map((w) => ` for ${w}`).join("");
    if (drug === undefined) lines.push(`# course of a drug coded in a system scenarios cannot name (${o.drug.code?.system ?? "?"} ${o.drug.code?.code ?? "?"})`);
    else lines.push(`course ${drug} ${o.route}${o.status === "draft" ? " draft" : ""}${o.start ? ` started ${o.start}` : ""}${indications}${review}`);
  }
  if (context.microbiology?.length === 0) lines.push("no cultures");
  for (const c of context.microbiology ?? []) {
    const results = ["resistant", "susceptible", "intermediate"].flatMap((r) => {
      const drugs = (c.susceptibilities ?? []).filter((s) => s.result === r).map((s) => s.drug.id ?? "?");
      return drugs.length > 0 ? [`${r} to ${drugs.join(", ")}`] : [];
    });
    lines.push(`culture ${c.specimen}${c.status !== "final" ? ` ${c.status}` : ""}${c.noGrowth === true ? " no growth" : ""}${c.organism !== undefined && codeWords(c.organism) !== undefined ? ` grows ${codeWords(c.organism)}` : ""}${c.collected ? ` collected ${c.collected}` : ""}${c.reported ? ` reported ${c.reported}` : ""}${results.length > 0 ? ` ${results.join(" ")}` : ""}`);
  }
  // Scenarios number their courses and cultures, so an alert key naming an order or culture is renamed to match.
  const scenarioIds = new Map<string, string>([
    ...(context.orders ?? []).filter((o) => o.status === "active" || o.status === "draft").map((o, i) => [o.id, `course-${i + 1}`] as const),
    ...(context.microbiology ?? []).map((c, i) => [c.id, `culture-${i + 1}`] as const),
  ]);
  for (const a of context.acknowledgedAlerts ?? []) {
    const [key, about] = a.key.split("@");
    const ids = about?.split("+").map((id) => scenarioIds.get(id));
    if (ids?.some((id) => id === undefined)) lines.push(`# acknowledged ${a.key} at ${a.at} (names an order or culture not described above)`);
    else lines.push(`acknowledged ${key}${ids ? ` for ${ids.join(" and ")}` : ""} at ${a.at}${a.until ? ` until ${a.until}` : ""}`);
  }
  return lines;
}

/** A complete scenario for `context`, with no expectations yet: paste it into a test file and say what should happen. */
export function toScenario(title: string, context: PatientContextInput, at: string, guidelines: readonly GuidelineIR[]): string {
  return [`scenario ${quote(title)} {`, `  at ${at}`, "  given {", ...givenLines(context, guidelines).map((l) => `    ${l}`), "  }", "  expect {", "    # what should happen?", "  }", "}"].join("\n");
}
