/**
 * The words of a card: its summary and its Markdown detail, for each kind of group. Every text from
 * a guideline goes through `markdownText`; the detail always holds the whole of what the summary
 * shortens.
 */
import { describeAction, vocabulary, type Concerns, type DecisionAction, type DecisionAlert, type DecisionRegimen, type Provenance, type Treatment } from "@steward/core";
import type { MissingDataGroup, NotReadGroup, RuleGroup, TreatmentGroup } from "./card-groups.js";
import { markdownText as md, summaryOf } from "./card-text.js";

const rankWords = new Map(vocabulary.choiceRanks.map((r) => [r.word, r.word === "alternative" ? "alternative" : `${r.word} choice`]));
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const target = (word: string): string => vocabulary.referralTargets.find((t) => t.word === word)?.description ?? word;
const drugList = (names: readonly string[]): string => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]!}`);

/** The course an action is about, in words: `piperacillin with tazobactam (iv)`. */
function course(concerns: Concerns | undefined): string | undefined {
  const order = concerns?.order;
  return order === undefined ? undefined : `${order.name} (${order.route})`;
}

/** An action in one sentence for a summary; the detail gives it in full. */
export function actionSummary(a: DecisionAction): string {
  const about = course(a.concerns);
  switch (a.kind) {
    case "review": {
      const when = a.status === "overdue" ? "overdue" : a.status === "due" ? "due now" : `due ${a.due}`;
      return `Review ${about ?? "the antimicrobial course"}: ${when}`;
    }
    case "refer":
      return `Refer to ${target(a.to)}: ${a.reason}`;
    case "request":
      return `Record ${a.description}: ${a.reason}`;
    case "switch-to-oral":
      return `Consider switching ${about ?? "the course"} to oral ${a.to.name.toLowerCase()}`;
    case "de-escalate":
      return `Consider changing ${about ?? "the course"} to ${drugList(a.to.map((t) => t.name.toLowerCase()))}, which the culture is susceptible to`;
  }
}

/**
 * The summary of what a rule says: its most urgent alert's summary (the rule's `summary`, else its
 * message), else its first action's, else its advice. `shortened` is true when the summary is not
 * the whole message, which the detail then gives.
 */
export function ruleSummary(group: RuleGroup): { summary: string; shortened: boolean } {
  const alert = group.alerts[0];
  const action = group.actions[0];
  if (alert?.summary !== undefined) return { summary: summaryOf(capital(alert.summary)).summary, shortened: true };
  if (alert === undefined && action?.summary !== undefined) return { summary: summaryOf(capital(action.summary)).summary, shortened: false };
  const first = alert?.message ?? (action === undefined ? group.advice[0]?.text : actionSummary(action));
  // invariant: a group holds at least one alert, action or piece of advice
  return summaryOf(capital(first!));
}

/** The summary of a guideline's treatment options: the first and second choices by name, or what they wait for. */
export function treatmentSummary(group: TreatmentGroup): { summary: string; shortened: boolean } {
  const names = (rank: string): string[] => [...new Set(group.treatments.filter((t) => t.rank === rank).map((t) => t.drug.name.toLowerCase()))];
  const parts = vocabulary.choiceRanks.map((r) => r.word).flatMap((rank) => (names(rank).length === 0 ? [] : [`${rankWords.get(rank)!}: ${drugList(names(rank))}`]));
  if (parts.length > 0) {
    const whole = summaryOf(capital(parts.join("; ")));
    if (!whole.shortened) return whole;
    const first = summaryOf(capital(parts[0]!));
    return first.shortened ? { summary: `${group.treatments.length} antibiotic options for this patient: see the details`, shortened: true } : { summary: first.summary, shortened: true };
  }
  if (group.withheld.length > 0) return summaryOf(`Antibiotic options wait for: ${[...new Set(group.withheld.flatMap((w) => w.needs))].join(", ")}`);
  const strategies = group.strategies.map((s) => vocabulary.strategies.find((w) => w.word === s.kind)!.description);
  if (strategies.length > 0) return summaryOf(capital(strategies.join("; ")));
  return summaryOf(`Patient leaflet: ${group.leaflets[0]!.text}`);
}

/** The summary of the data the record lacks: what to record. */
export function missingSummary(group: MissingDataGroup): { summary: string; shortened: boolean } {
  const names = [...new Set(group.missing.map((m) => m.description))];
  const whole = summaryOf(`To decide, record: ${names.join(", ")}`);
  return whole.shortened ? summaryOf(`${names.length} items of data would change the antimicrobial advice: see the details`) : whole;
}

/** The detail of the data the record lacks: each item and what it would decide. */
export function missingDetail(group: MissingDataGroup): string {
  return section(
    "Data the record lacks that would change the decision",
    group.missing.flatMap((m) => [`- ${md(m.description)}`, ...m.neededFor.map((n) => `  - ${md(n)}`)]),
  )
    .join("\n")
    .trim();
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The summary of what no guideline could read: how many diagnoses, allergies and code systems, to check by hand. */
export function notReadSummary(group: NotReadGroup): { summary: string; shortened: boolean } {
  const parts = [
    ...(group.diagnoses.length === 0 ? [] : [`no guideline covers ${count(group.diagnoses.length, "diagnosis", "diagnoses")}`]),
    ...(group.allergies.length === 0 ? [] : [`${count(group.allergies.length, "allergy record matches", "allergy records match")} no formulary drug`]),
    ...(group.codeSystems.length === 0 ? [] : [`${count(group.codeSystems.length, "code system is", "code systems are")} unknown`]),
  ];
  return summaryOf(`${capital(parts.join("; "))}: check by hand`);
}

/** The detail of what no guideline could read: each diagnosis, allergy record and code system, as sent. */
export function notReadDetail(group: NotReadGroup): string {
  const coded = (c: { system: string; code: string; display?: string | undefined }): string => `${c.display === undefined ? "" : `${md(c.display)} `}(${md(c.system)} ${md(c.code)})`;
  return [
    ...section("Diagnoses no loaded guideline recognises: nothing in this advice speaks for them", group.diagnoses.map((d) => `- ${coded(d)}`)),
    ...section(
      "Allergy records matched to no formulary drug or class: every option carries a caution to check them",
      group.allergies.map((a) => `- ${[a.code === undefined ? undefined : coded(a.code), a.reaction === undefined ? undefined : `reaction: ${md(a.reaction)}`, a.id === undefined ? undefined : `record ${md(a.id)}`].filter((x) => x !== undefined).join(", ") || "a record with no code"}`),
    ),
    ...section("Code systems Steward does not know: their codes matched nothing", group.codeSystems.map((c) => `- ${md(c.system)}`)),
  ]
    .join("\n")
    .trim();
}

/** Where an item came from, in the detail: the citations, then the guideline, its version and the rule. */
function sources(provenances: readonly Provenance[]): string[] {
  const lines = new Set<string>();
  for (const p of provenances) {
    for (const c of p.citations) lines.add(`- ${md(c.title)}${c.section === undefined ? "" : `, ${md(c.section)}`}`);
    lines.add(`- ${md(`${p.guideline} ${p.version}, rule ${p.rule}`)}${p.unverified === undefined ? "" : `: **unverified**: ${md(p.unverified)}`}`);
  }
  return ["", "Source:", ...lines];
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ["", `**${title}**`, ...lines];
}

/** The detail of what a rule says about a course, culture or the patient. */
export function ruleDetail(group: RuleGroup, summaryShortened: boolean): string {
  const about = course(group.concerns);
  const culture = group.concerns?.culture;
  const concerned = [
    ...(about === undefined ? [] : [`Order ${md(group.concerns!.order!.id)}: ${md(about)}`]),
    ...(culture === undefined ? [] : [`Culture ${md(culture.id)}: ${md(culture.specimen)}${culture.organism === undefined ? "" : `, ${md(culture.organism)}`}`]),
  ];
  // Markdown's hard line break (two spaces) keeps the order and the culture on lines of their own.
  // The rule's own detail is Markdown its authors wrote: it goes in as written.
  const authored = [...group.alerts, ...group.actions].flatMap((i) => (i.detail === undefined ? [] : [i.detail]));
  const lines: string[] = [...authored, ...(concerned.length === 0 ? [] : [concerned.join("  \n")])];
  const checked = (c: DecisionAlert["check"]): string => (c === undefined ? "" : `, order check: ${c.kind}${c.id === undefined ? "" : ` ${md(c.id)}`}`);
  const alerts = group.alerts.map((a) => `- ${md(a.message)} (priority ${a.priority}${a.interruptive ? ", interruptive" : ""}${checked(a.check)})`);
  // The first alert's message is the summary; it is repeated here when the summary shortens it, or to say what an order check found.
  lines.push(...section("Alert", summaryShortened || alerts.length > 1 || group.alerts.some((a) => a.check !== undefined) ? alerts : []));
  // describeAction ends a review with its source in brackets; the card lists its sources below.
  lines.push(...section("To do", group.actions.map((a) => `- ${md(capital(withoutCitation(describeAction(a))))}`)));
  lines.push(...section("Advice", group.advice.map((a) => `- ${md(a.text)}`)));
  lines.push(...sources([...group.alerts, ...group.actions, ...group.advice].map((i) => i.provenance)));
  return lines.join("\n").trim();
}

/** The doses worked out from the patient's weight, in words: `64 mg per dose for 16 kg`. */
function calculated(r: DecisionRegimen): string[] {
  return r.calculated.map((c) => {
    const to = c.doseTo === undefined ? "" : ` to ${c.doseTo.value} ${c.doseTo.unit}`;
    return `  - = ${c.dose.value} ${md(c.dose.unit)}${md(to)} per dose for ${c.weight.value} kg${c.capped ? " (the maximum)" : ""}${c.step > 0 ? `, step ${c.step + 1}` : ""}${c.option > 0 ? `, for the dose after "or"` : ""}`;
  });
}

function treatmentLines(t: Treatment): string[] {
  const [first, ...others] = t.regimens;
  return [
    `- **${md(capital(rankWords.get(t.rank)!))}**: ${md(t.drug.name)} ${md(first!.text)}${t.drug.aware === undefined ? "" : ` (UK-AWaRe ${t.drug.aware})`}`,
    ...calculated(first!),
    ...others.flatMap((r) => [`  - or ${md(r.text)}${r.note === undefined ? "" : `: ${md(r.note)}`}`, ...calculated(r)]),
    ...t.combinedWith.map((c) => `  - ${c.addIf === undefined ? "given with" : "add"} ${md(c.drug.name.toLowerCase())} ${md(c.regimens[0]!.text)}${c.addIf === undefined ? "" : ` if ${md(c.addIf)}`}`),
    ...t.notes.map((n) => `  - ${md(n)}`),
    ...t.cautions.map((c) => `  - caution: ${md(c)}`),
    ...(t.unverified === undefined ? [] : [`  - **unverified**: ${md(t.unverified)}`]),
  ];
}

/** The detail of a guideline's treatment options: each option in full, then strategies, what is withheld or ruled out, advice and leaflets. */
export function treatmentDetail(group: TreatmentGroup): string {
  const strategy = (s: TreatmentGroup["strategies"][number]): string => {
    const words = vocabulary.strategies.find((w) => w.word === s.kind)!.description;
    return `- ${md(capital(words))}${s.delay === undefined ? "" : `, held for ${s.delay.value} ${md(s.delay.unit)}`}${s.advice === undefined ? "" : `: ${md(s.advice)}`}`;
  };
  const lines = [
    ...section("Options", group.treatments.flatMap(treatmentLines)),
    ...section("Prescribing strategy", group.strategies.map(strategy)),
    ...section("Withheld until the record says more", group.withheld.map((w) => `- ${md(w.drug.name)} (${rankWords.get(w.rank)!}): ${md(w.reason)}; needs ${md(w.needs.join(", "))}`)),
    ...section("Not for this patient", group.excluded.map((e) => `- ${md(e.drug.name)} (${rankWords.get(e.rank)!}): ${md(e.reason)}`)),
    ...section("Advice", group.advice.map((a) => `- ${md(a.text)}`)),
    ...section("Leaflets", group.leaflets.map((l) => `- ${md(l.text)}`)),
    ...sources([...group.treatments, ...group.withheld, ...group.strategies, ...group.advice].map((i) => i.provenance)),
  ];
  return lines.join("\n").trim();
}

/** The text without a trailing citation in square brackets (after white space), found by search. */
function withoutCitation(text: string): string {
  const open = text.lastIndexOf("[");
  if (!text.endsWith("]") || open < 1 || text.slice(open + 1, -1).includes("]") || !/\s/.test(text[open - 1]!)) return text;
  return text.slice(0, open).trimEnd();
}
