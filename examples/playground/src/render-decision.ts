/**
 * A Decision as a prescriber reads it: interruptive alerts first, then the strategy, the treatment
 * options by rank with their regimens, what was not offered and why, what is waiting for data, other
 * alerts, actions, missing data, advice and leaflets; every item with its source.
 */
import { describeAction, vocabulary, type Decision, type Diagnostic, type Provenance } from "@steward/core";
import { el, type Child } from "./dom.js";

function source(p: Provenance): string {
  const c = p.citations[0];
  return `source: ${c ? `${c.title}${c.section ? `, ${c.section}` : ""}` : p.guideline} — rule ${p.rule}`;
}

function section(title: string, items: readonly HTMLElement[], list: "ul" | "ol" = "ul"): HTMLElement | undefined {
  if (items.length === 0) return undefined;
  const wrapper = el("section", undefined, el("h3", undefined, title), el(list, undefined, ...items));
  wrapper.dataset["section"] = title;
  return wrapper;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The Decision as DOM. */
export function renderDecision(d: Decision): HTMLElement {
  const guidelines = d.guidelines.map((g) =>
    el(
      "div",
      "guideline-line",
      `${g.title} (${g.id} ${g.version}) `,
      el("span", `status-${g.status}`, g.status),
      ` — ${!g.applies ? "does not apply in this setting" : g.rulesApplied.length === 0 ? "no rule applies" : `rules applied: ${g.rulesApplied.join(", ")}`}`,
    ),
  );
  const alert = (a: Decision["alerts"][number]): HTMLElement => el("li", `alert${a.interruptive ? " interruptive" : ""}`, el("span", "priority", a.priority), a.message, el("span", "source", source(a.provenance)));
  const strategies = d.strategies.map((s) => el("li", undefined, capital(vocabulary.strategies.find((w) => w.word === s.kind)?.description ?? s.kind), s.advice ? `: ${s.advice}` : ""));
  const ranks = vocabulary.choiceRanks.map((rank) => {
    const items = d.treatments
      .filter((t) => t.rank === rank.word)
      .map((t) => {
        const [first, ...others] = t.regimens;
        const lines: Child[] = [el("span", "drug", t.drug.name), ` ${first!.text}`, t.drug.aware ? el("span", "aware", `UK-AWaRe ${t.drug.aware}`) : undefined];
        for (const c of first!.calculated) lines.push(el("span", "note", `= ${c.dose.value} ${c.dose.unit} per dose for ${c.weight.value} kg${c.capped ? " (capped at the maximum)" : ""}`));
        for (const r of others) lines.push(el("span", "note", `or ${r.text}${r.note ? ` — ${r.note}` : ""}`));
        for (const n of t.notes) lines.push(el("span", "note", `note: ${n}`));
        for (const c of t.cautions) lines.push(el("span", "note", `caution: ${c}`));
        lines.push(el("span", "source", source(t.provenance)));
        return el("li", "treatment", ...lines);
      });
    return section(`Treatment options — ${rank.description}`, items, "ol");
  });
  const empty = d.treatments.length === 0 && d.alerts.length === 0 && d.actions.length === 0 && d.guidelines.every((g) => g.rulesApplied.length === 0);
  return el(
    "div",
    "decision",
    el("div", undefined, `Evaluated at ${d.evaluatedAt}`),
    ...guidelines,
    section("Alert", d.alerts.filter((a) => a.interruptive).map(alert)),
    section("Prescribing strategy", strategies),
    ...ranks,
    section("Not offered", d.excluded.map((x) => el("li", "excluded", el("span", "drug", x.drug.name), ` (${x.rank} choice): ${x.reason}`, el("span", "source", source(x.provenance))))),
    section("Waiting for data", d.withheld.map((w) => el("li", "withheld", el("span", "drug", w.drug.name), ` (${w.rank} choice): ${w.reason} — needs ${w.needs.join(", ")}`))),
    section("Other alerts", d.alerts.filter((a) => !a.interruptive).map(alert)),
    section("Actions", d.actions.map((a) => el("li", undefined, capital(describeAction(a))))),
    section("Missing data that would change this decision", d.missingData.map((m) => el("li", undefined, `${capital(m.description)} — ${m.neededFor.join("; ")}`))),
    section("Advice", d.advice.map((a) => el("li", undefined, a.text))),
    section("Patient leaflets", d.leaflets.map((l) => el("li", undefined, l.text))),
    empty && el("p", undefined, "No recommendation: no rule applies to this patient."),
  );
}

/** Problems that stop a decision, each with its file, line and column. */
export function renderProblems(title: string, problems: readonly Diagnostic[]): HTMLElement {
  return el(
    "div",
    "problems",
    el("p", undefined, title),
    el("ul", undefined, ...problems.map((p) => el("li", undefined, `${p.span ? `${p.span.file}:${p.span.line}:${p.span.column}: ` : ""}${p.code}: ${p.message}${p.hint ? ` (${p.hint})` : ""}`))),
  );
}
