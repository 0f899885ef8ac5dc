/** Builds the page's view of a patient record and of a Decision with DOM calls only (no HTML strings). */
import { describeAction, vocabulary, type Decision, type Diagnostic, type Provenance } from "@steward/core";

type Child = Node | string | undefined;

function el(tag: string, className: string | undefined, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  for (const child of children) if (child !== undefined) node.append(child);
  return node;
}

function list(items: readonly Child[]): HTMLElement {
  return el("ul", undefined, ...items.map((item) => el("li", undefined, item)));
}

function section(title: string, items: readonly Child[]): HTMLElement | undefined {
  return items.length === 0 ? undefined : el("div", undefined, el("h2", undefined, title), list(items));
}

/** Where an item came from: the citation, and the guideline version it was evaluated under. */
function source(p: Provenance): HTMLElement {
  const cited = p.citations.map((c) => `${c.title}${c.section ? `, ${c.section}` : ""}`).join("; ");
  return el("div", "source", `${cited} — ${p.guideline} ${p.version}, rule ${p.rule}`);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Replaces the contents of the element with the given id. */
export function show(id: string, ...children: Child[]): void {
  document.getElementById(id)?.replaceChildren(...children.filter((c): c is Node | string => c !== undefined));
}

/** A few facts from the record, so the reader knows which patient the decision is for. */
export function recordView(context: { readonly patient?: { readonly age?: number; readonly birthDate?: string; readonly sex?: string }; readonly setting?: string }): HTMLElement {
  const p = context.patient ?? {};
  const age = p.age !== undefined ? `${p.age} years` : p.birthDate !== undefined ? `born ${p.birthDate}` : "age not recorded";
  return el("p", "meta", `${p.sex ?? "sex not recorded"}, ${age}; care setting: ${context.setting ?? "not recorded"}`);
}

/** The Decision, laid out as a prescriber reads it: alerts, then what to give, then why not the rest. */
export function decisionView(d: Decision): HTMLElement {
  const rank = (word: string): string => vocabulary.choiceRanks.find((r) => r.word === word)?.description ?? word;
  const applied = d.guidelines.filter((g) => g.applies && g.rulesApplied.length > 0);
  return el(
    "div",
    undefined,
    el("p", "meta", `Evaluated at ${d.evaluatedAt} against ${applied.map((g) => `${g.title} (${g.version})`).join("; ") || "guidelines none of whose rules apply"}`),
    section(
      "Alerts",
      d.alerts.map((a) => el("div", a.interruptive ? "alert" : undefined, `${a.priority.toUpperCase()}: ${a.message}`, source(a.provenance))),
    ),
    section(
      "Prescribing strategy",
      d.strategies.map((s) => `${{ immediate: "Immediate antibiotic", "back-up": "Back-up (delayed) prescription", "no-antibiotic": "No antibiotic" }[s.kind]}${s.advice ? `: ${s.advice}` : ""}`),
    ),
    section(
      "Treatment options",
      d.treatments.map((t) =>
        el(
          "div",
          "treatment",
          el("span", "rank", `${capital(rank(t.rank))}: `),
          `${t.drug.name} ${t.regimens.map((r) => `${r.text}${r.note ? ` (${r.note})` : ""}`).join(", or ")}${t.drug.aware ? ` — UK-AWaRe ${t.drug.aware}` : ""}`,
          ...t.cautions.map((c) => el("div", "problem", `Caution: ${c}`)),
          source(t.provenance),
        ),
      ),
    ),
    section(
      "Not offered",
      d.excluded.map((x) => el("div", undefined, `${x.drug.name} (${rank(x.rank)}): ${x.reason}`, source(x.provenance))),
    ),
    section(
      "Waiting for data",
      d.withheld.map((w) => el("div", undefined, `${w.drug.name} (${rank(w.rank)}): ${w.reason}`, source(w.provenance))),
    ),
    section("Actions", d.actions.map((a) => describeAction(a))),
    section("Missing data that would change this decision", d.missingData.map((m) => `${m.description}: ${m.neededFor.join("; ")}`)),
    section("Advice", d.advice.map((a) => a.text)),
    section("Patient leaflets", d.leaflets.map((l) => l.text)),
  );
}

/** Why the record or the guidelines could not be evaluated, each problem on its own line. */
export function problemsView(title: string, diagnostics: readonly Diagnostic[]): HTMLElement {
  return el("div", "problem", el("h2", undefined, title), list(diagnostics.map((d) => `${d.code}: ${d.message}`)));
}
