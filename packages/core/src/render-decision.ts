/** A Decision as plain text, laid out the way a prescriber reads a plan: what to give first, then why not the rest. */
import type { Decision, DecisionAction, DecisionRegimen, Provenance } from "./decision-types.js";
import { describeTime } from "./time.js";
import { choiceRanks, referralTargets } from "./vocabulary.js";

function source(p: Provenance): string {
  const c = p.citations[0];
  return c ? `${c.title.split(":")[0]}${c.section ? `, ${c.section}` : ""}` : p.rule;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An action in one line, naming the order it is about: `review of amoxicillin (iv, order rx-1) due 2026-11-27T09:00Z`. */
export function describeAction(a: DecisionAction): string {
  const order = a.concerns?.order;
  const about = order ? ` of ${order.name} (${order.route}, order ${order.id})` : "";
  switch (a.kind) {
    case "review":
      return `review${about} ${a.status === "overdue" ? `OVERDUE (was due ${a.due}, overdue after ${a.overdueAt})` : a.status === "due" ? `due now (since ${a.due})` : `due ${a.due}`}${a.outcomes.length > 0 ? `: decide ${a.outcomes.join(" / ")}` : ""}  [${source(a.provenance)}]`;
    case "refer":
      return `refer to ${referralTargets.find((r) => r.word === a.to)?.description ?? a.to} (${a.urgency}): ${a.reason}${a.unverified ? ` (not confirmed in a cited source: ${a.unverified})` : ""}`;
    case "request":
      return `record ${a.description}: ${a.reason}`;
    case "switch-to-oral":
      return `consider switching${order ? ` ${order.name} (${order.route}, order ${order.id})` : ""} to oral ${a.to.name.toLowerCase()}${a.dose ? ` ${a.dose.text} (${a.dose.source})` : " (dose: choose with the infection team; the formulary names none)"}: ${a.reason}`;
    case "de-escalate":
      return `consider changing${order ? ` ${order.name} (${order.route}, order ${order.id})` : ""} to the narrower ${a.to.map((t) => t.name.toLowerCase()).join(" or ")} (UK-AWaRe Access, culture susceptible): ${a.reason}`;
  }
}

/** Each rule behind the Decision whose content is marked unverified, once, in order. */
function unverifiedRules(d: Decision): [string, string][] {
  const items = [...d.strategies, ...d.treatments, ...d.excluded, ...d.withheld, ...d.advice, ...d.leaflets, ...d.alerts, ...d.actions];
  const seen = new Map<string, string>();
  for (const item of items) if (item.provenance.unverified !== undefined && !seen.has(item.provenance.rule)) seen.set(item.provenance.rule, item.provenance.unverified);
  return [...seen];
}

/** The doses worked out from the weight, one line each: `= 48 mg per dose for 12 kg`. */
function calculatedLines(r: DecisionRegimen, indent: string, lines: string[]): void {
  for (const c of r.calculated) {
    const to = c.doseTo;
    const amount = to === undefined ? `${c.dose.value} ${c.dose.unit}` : to.unit === c.dose.unit ? `${c.dose.value} to ${to.value} ${to.unit}` : `${c.dose.value} ${c.dose.unit} to ${to.value} ${to.unit}`;
    lines.push(`${indent}= ${amount} per dose for ${c.weight.value} kg${c.capped ? " (capped at the maximum)" : ""}`);
  }
}

/** The decision as text, one section per kind of item; sections with nothing to say are left out. */
export function renderDecision(d: Decision): string {
  const lines: string[] = [];
  const section = (title: string, body: string[]): void => {
    if (body.length === 0) return;
    lines.push("", title, ...body);
  };
  const applied = d.guidelines.filter((g) => g.applies && g.rulesApplied.length > 0);
  lines.push(`Evaluated at ${d.evaluatedAt}`);
  for (const g of d.guidelines) {
    const state = !g.applies ? "does not apply in this setting" : g.rulesApplied.length === 0 ? "no rule applies" : `rules applied: ${g.rulesApplied.join(", ")}`;
    lines.push(`Guideline: ${g.title} (${g.id} ${g.version}, ${g.status}) — ${state}`);
  }

  if (d.unrecognisedDiagnoses.length > 0) {
    lines.push(`Not recognised by any guideline: ${d.unrecognisedDiagnoses.map((x) => `${x.display ?? x.code} (${x.system} ${x.code})`).join(", ")} — no rule looked at ${d.unrecognisedDiagnoses.length === 1 ? "it" : "them"}`);
  }
  if (d.unmatchedAllergies.length > 0) {
    lines.push(`Allergies not matched to the formulary (check each option by hand): ${d.unmatchedAllergies.map((x) => x.code?.display ?? x.code?.code ?? x.id ?? x.reaction ?? "an allergy").join(", ")}`);
  }

  const interruptive = d.alerts.filter((a) => a.interruptive);
  section(
    "ALERT",
    interruptive.map((a) => `  !! ${a.priority.toUpperCase()}: ${a.message}  [${source(a.provenance)}]`),
  );

  section(
    "Prescribing strategy",
    d.strategies.map((s) => {
      const name = { immediate: "Immediate antibiotic", "back-up": "Back-up (delayed) prescription", "no-antibiotic": "No antibiotic" }[s.kind];
      const delay = s.delay !== undefined ? `, delayed ${describeTime(s.delay.value, s.delay.unit)}` : "";
      return `  • ${name}${delay}${s.advice ? `: ${s.advice}` : ""}`;
    }),
  );

  const treatments: string[] = [];
  for (const rank of choiceRanks) {
    const items = d.treatments.filter((t) => t.rank === rank.word);
    if (items.length === 0) continue;
    treatments.push(`  ${capital(rank.description)}`);
    items.forEach((t, i) => {
      const [first, ...others] = t.regimens;
      treatments.push(`    ${i + 1}. ${t.drug.name} ${first!.text}${t.drug.aware ? `  (UK-AWaRe ${t.drug.aware})` : ""}`);
      calculatedLines(first!, "         ", treatments);
      for (const r of others) {
        treatments.push(`       or ${r.text}${r.note ? ` — ${r.note}` : ""}`);
        calculatedLines(r, "         ", treatments);
      }
      for (const c of t.combinedWith) {
        const [main, ...alternatives] = c.regimens;
        treatments.push(`       ${c.addIf === undefined ? "with" : "add"} ${c.drug.name.toLowerCase()} ${main!.text}${c.addIf !== undefined ? ` if ${c.addIf}` : ""}${c.drug.aware ? `  (UK-AWaRe ${c.drug.aware})` : ""}`);
        calculatedLines(main!, "           ", treatments);
        for (const r of alternatives) {
          treatments.push(`         or ${r.text}${r.note ? ` — ${r.note}` : ""}`);
          calculatedLines(r, "           ", treatments);
        }
      }
      for (const n of t.notes) treatments.push(`       note: ${n}`);
      if (t.unverified !== undefined) treatments.push(`       unverified: ${t.unverified}`);
      for (const c of t.cautions) treatments.push(`       caution: ${c}`);
      treatments.push(`       source: ${source(t.provenance)}`);
    });
  }
  section("Treatment options", treatments);

  section(
    "Not offered",
    d.excluded.map((x) => `  ✗ ${x.drug.name} (${x.rank} choice): ${x.reason}`),
  );
  section(
    "Waiting for data",
    d.withheld.map((w) => `  ? ${w.drug.name} (${w.rank} choice): ${w.reason} — needs ${w.needs.join(", ")}`),
  );
  section(
    "Other alerts",
    d.alerts.filter((a) => !a.interruptive).map((a) => `  ${a.priority.toUpperCase()}: ${a.message}  [${source(a.provenance)}]`),
  );
  section("Actions", d.actions.map((a) => `  → ${capital(describeAction(a))}`));
  section(
    "Missing data that would change this decision",
    d.missingData.map((m) => `  • ${capital(m.description)} — ${m.neededFor.join("; ")}`),
  );
  section(
    "Codes in a code system Steward does not know (they matched nothing)",
    d.unknownCodeSystems.map((u) => `  • ${u.system} — ${u.fields.join(", ")}`),
  );
  section(
    "Scores",
    d.scores.map((sc) => {
      const value = sc.value !== undefined ? String(sc.value) : `${sc.min} to ${sc.max} (not every criterion is recorded)`;
      const met = sc.criteria.filter((c) => c.met === "yes").map((c) => c.text);
      return `  • ${sc.title}: ${value}${sc.criteria.length > 0 ? ` — met: ${met.length > 0 ? met.join(", ") : "none"}` : ""}`;
    }),
  );
  section("Advice", d.advice.filter((a) => a.kind === undefined).map((a) => `  • ${a.text}`));
  section("Self-care", d.advice.filter((a) => a.kind === "self-care").map((a) => `  • ${a.text}`));
  section("Safety net: when to seek help", d.advice.filter((a) => a.kind === "safety-net").map((a) => `  • ${a.text}`));
  section("Patient leaflets", d.leaflets.map((l) => `  • ${l.text}`));
  section("Not confirmed in a cited source", unverifiedRules(d).map(([rule, why]) => `  • rule ${rule}: ${why}`));
  if (applied.length === 0 && d.treatments.length === 0 && d.alerts.length === 0 && d.actions.length === 0) lines.push("", "No recommendation: no rule applies to this patient.");
  return lines.join("\n");
}
