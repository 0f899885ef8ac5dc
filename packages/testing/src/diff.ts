/**
 * `diffGuidelines`: what a committee signs off on instead of a text diff — which kinds of patient
 * get a different decision from the new version of a guideline, with one witness patient each.
 * Both versions are evaluated over the same patient regions (cut by the thresholds of both), and
 * regions whose decisions changed in the same way are grouped and described together.
 */
import { describeAction, evaluate, prepare, type Decision, type Evaluator, type GuidelineIR, type PatientContextInput, type ir } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { cellCount, cells, dimensionsOf, dimensionsUsedBy, type Cell, type DiagnosisPoint } from "./cells.js";
import { distinctPoints, type ScopedCondition } from "./distinct-points.js";
import { domainOf, offeredContraindications } from "./domains.js";
import { diagnosisListsRead } from "./walk.js";

/** One kind of change: what the old decision said that the new one does not, and the reverse, for which patients. */
export interface DecisionChange {
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Patient regions with this change. */
  readonly regions: number;
  /** The values of the varied dimensions these patients have (a dimension that can take any value is left out). */
  readonly patients: string;
  readonly witness: PatientContextInput;
  readonly witnessDescription: string;
}

/** A code list whose codes differ between the versions, and the expansions each version's codes came from. */
export interface CodeListChange {
  readonly id: string;
  readonly added: readonly ir.Coding[];
  readonly removed: readonly ir.Coding[];
  readonly expansionsBefore: readonly ir.CodeListExpansion[];
  readonly expansionsAfter: readonly ir.CodeListExpansion[];
}

/** The differences between two versions of a guideline. */
export interface GuidelineDiff {
  readonly before: { readonly id: string; readonly version: string; readonly contentHash: string };
  readonly after: { readonly id: string; readonly version: string; readonly contentHash: string };
  readonly changes: readonly DecisionChange[];
  /** Code lists that hold other codes (a code written in or out, or a new terminology expansion). */
  readonly codeLists: readonly CodeListChange[];
  readonly regionsChecked: number;
}

/** The code lists whose codes or expansions differ between two versions, by id. */
function codeListChanges(a: GuidelineIR, b: GuidelineIR): CodeListChange[] {
  const key = (c: ir.Coding): string => `${c.system}|${c.code}`;
  const ids = [...new Set([...a.codeLists, ...b.codeLists].map((l) => l.id))].sort();
  return ids.flatMap((id) => {
    const x = a.codeLists.find((l) => l.id === id);
    const y = b.codeLists.find((l) => l.id === id);
    const before = new Set((x?.codes ?? []).map(key));
    const after = new Set((y?.codes ?? []).map(key));
    const change: CodeListChange = {
      id,
      added: (y?.codes ?? []).filter((c) => !before.has(key(c))),
      removed: (x?.codes ?? []).filter((c) => !after.has(key(c))),
      expansionsBefore: x?.expansions ?? [],
      expansionsAfter: y?.expansions ?? [],
    };
    const same = change.added.length === 0 && change.removed.length === 0 && JSON.stringify(change.expansionsBefore) === JSON.stringify(change.expansionsAfter);
    return same ? [] : [change];
  });
}

/** A decision reduced to what a prescriber would notice, as sorted lines. */
export function decisionLines(d: Decision): string[] {
  return [
    ...d.strategies.map((s) => `strategy ${s.kind}${s.delay !== undefined ? ` after ${s.delay.value} ${s.delay.unit}` : ""}`),
    ...d.treatments.map((t) => `offers ${t.rank} choice ${t.drug.id}: ${t.regimens.map((r) => r.text).join(" or ")}${t.combinedWith.map((c) => ` ${c.addIf === undefined ? "with" : "adding"} ${c.drug.id}: ${c.regimens.map((r) => r.text).join(" or ")}${c.addIf !== undefined ? ` if ${c.addIf}` : ""}`).join("")}`),
    ...d.excluded.map((t) => `excludes ${t.drug.id} (${t.rank} choice)`),
    ...d.withheld.map((t) => `withholds ${t.drug.id} (${t.rank} choice) until ${t.needs.join(", ")} is known`),
    ...d.alerts.map((a) => `${a.priority} alert: ${a.message}`),
    ...d.actions.map((a) => withoutBracketedEnd(describeAction(a).replace(/ due \S+/, ""))),
  ].sort();
}

/** `text` without the part in square brackets it ends with, and the space before it; found by string search, in linear time. */
function withoutBracketedEnd(text: string): string {
  const open = text.lastIndexOf("[");
  if (open === -1 || !text.endsWith("]") || text.indexOf("]", open) !== text.length - 1 || open === 0 || !/\s/.test(text[open - 1]!)) return text;
  return text.slice(0, open).trimEnd();
}

/** `node` with its define and parameter references renamed by `renames` (keyed `kind:id`). */
function renamed<T>(node: T, renames: ReadonlyMap<string, string>): T {
  return JSON.parse(JSON.stringify(node), (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || !("kind" in v) || !("id" in v)) return v;
    const to = renames.get(`${String(v.kind)}:${String(v.id)}`);
    return to === undefined ? v : { ...v, id: to };
  }) as T;
}

/**
 * Both versions in one guideline, only for finding the regions (never evaluated: ids may repeat).
 * A define, parameter or score the new version changed keeps its old form under another id, so the
 * old thresholds still cut regions.
 */
function merged(a: GuidelineIR, b: GuidelineIR): GuidelineIR {
  const byId = <T extends { id: string }>(x: readonly T[], y: readonly T[]): T[] => [...new Map([...x, ...y].map((i) => [i.id, i])).values()];
  const changed = <T extends { id: string }>(x: readonly T[], y: readonly T[]): T[] => x.filter((i) => y.some((j) => j.id === i.id && JSON.stringify(j) !== JSON.stringify(i)));
  const renames = new Map([
    ...changed(a.defines, b.defines).map((d) => [`define:${d.id}`, `${d.id}-before`] as const),
    ...changed(a.parameters, b.parameters).map((p) => [`parameter:${p.id}`, `${p.id}-before`] as const),
    ...changed(a.scores, b.scores).map((s) => [`score:${s.id}`, `${s.id}-before`] as const),
  ]);
  // A contraindication or resistance only the old version has, or has in another form, still cuts regions.
  const dropped = <T extends { id: string }>(x: readonly T[], y: readonly T[]): T[] => x.filter((i) => !y.some((j) => JSON.stringify(j) === JSON.stringify(i)));
  const old = renamed(
    {
      defines: changed(a.defines, b.defines),
      parameters: changed(a.parameters, b.parameters),
      scores: changed(a.scores, b.scores),
      rules: a.rules,
      contraindications: dropped(a.contraindications, b.contraindications),
      resistances: dropped(a.resistances, b.resistances),
    },
    renames,
  );
  return {
    ...b,
    codeLists: byId(a.codeLists, b.codeLists),
    observations: byId(a.observations, b.observations),
    findings: byId(a.findings, b.findings),
    drugs: byId(a.drugs, b.drugs),
    classes: byId(a.classes, b.classes),
    parameters: [...byId(a.parameters, b.parameters), ...old.parameters.map((p) => ({ ...p, id: renames.get(`parameter:${p.id}`)! }))],
    defines: [...byId(a.defines, b.defines), ...old.defines.map((d) => ({ ...d, id: renames.get(`define:${d.id}`)! }))],
    scores: [...byId(a.scores, b.scores), ...old.scores.map((s) => ({ ...s, id: renames.get(`score:${s.id}`)! }))],
    rules: [...old.rules, ...b.rules],
    contraindications: [...old.contraindications, ...b.contraindications],
    resistances: [...old.resistances, ...b.resistances],
    guideline: { ...b.guideline, settings: [...new Set([...a.guideline.settings, ...b.guideline.settings])] },
  };
}

/** Compares two compiled versions of a guideline over every patient region either can tell apart. */
export function diffGuidelines(before: GuidelineIR, after: GuidelineIR, options: { readonly now?: string; readonly maxCells?: number } = {}): GuidelineDiff {
  const now = options.now ?? "2026-01-01T12:00:00Z";
  const prepareOne = (g: GuidelineIR): Evaluator => {
    const p = prepare([g]);
    if (isLeft(p)) throw new Error(p.left.map((d) => d.message).join("; "));
    return p.right;
  };
  const old = prepareOne(before);
  const next = prepareOne(after);
  const both = merged(before, after);
  const limit = options.maxCells ?? 200_000;

  // The main spaces: for each code list of diagnoses (a region has one diagnosis), every dimension
  // the conditions of the rules that can fire for it use, except courses, cultures, findings and
  // allergies; then the other diagnoses, for rules that read none. Rules that use those
  // dimensions are then compared over their own spaces.
  const spaces: { dims: ReturnType<typeof dimensionsOf>; names: string[] }[] = [];
  const listChanges = codeListChanges(before, after);
  // A patient coded with the first code each version adds to or drops from a list, compared in that list's space.
  const moved: DiagnosisPoint[] = listChanges.flatMap((c) => [
    ...c.added.slice(0, 1).map((coding) => ({ label: `diagnosis ${coding.code}, added to ${c.id}`, coding })),
    ...c.removed.slice(0, 1).map((coding) => ({ label: `diagnosis ${coding.code}, dropped from ${c.id}`, coding })),
  ]);
  const movedIn = (label: string, list: string): boolean => label.endsWith(`, added to ${list}`) || label.endsWith(`, dropped from ${list}`);
  const dims = dimensionsOf(both, domainOf(both), moved);
  const special = (n: string): boolean => n === "history" || n === "allergies" || n.startsWith("finding:");
  // Points no condition of either version tells apart give the same decisions; numeric ones stay
  // to describe the patients, and allergies also act on options without a condition. So does a
  // course or culture (resistant results, order checks): the history stays whole in the space of
  // each rule about a course or culture, and is merged elsewhere.
  const conditions: ScopedCondition[] = [
    ...both.rules.flatMap((r) => [r.when, ...r.treatments.flatMap((t) => (t.onlyIf ? [t.onlyIf] : []))].map((expr) => ({ expr, forEach: r.forEach, citations: r.citations }))),
    ...both.contraindications.map((c) => ({ expr: c.when, forEach: [], citations: c.citations })),
    ...both.resistances.map((r) => ({ expr: r.when, forEach: ["culture" as const], citations: r.citations })),
  ];
  const numeric = (n: string): boolean => n === "age" || n === "weight" || n.startsWith("observation:") || n.startsWith("score:") || n.startsWith("onset:");
  const distinct = (space: ReturnType<typeof dimensionsOf>, names: readonly string[], wholeHistory: boolean): { dims: ReturnType<typeof dimensionsOf>; names: string[] } =>
    distinctPoints(both, space, names, conditions, { now, keep: [...names.filter(numeric), "diagnosis", "allergies", ...(wholeHistory ? ["history"] : [])] });
  const spaceOver = (rules: readonly GuidelineIR["rules"][number][], diagnoses: (label: string) => boolean): { dims: ReturnType<typeof dimensionsOf>; names: string[] } => {
    const used = new Set<string>(["diagnosis"]);
    const read = [
      ...rules.flatMap((r) => [r.when, ...r.treatments.flatMap((t) => (t.onlyIf ? [t.onlyIf] : []))]),
      // What rules the rules' options out: the contraindications of the drugs they offer, and the resistances.
      ...offeredContraindications({ ...both, rules: [...rules] }).map((c) => c.when),
      ...(rules.some((r) => r.treatments.length > 0) ? both.resistances.map((r) => r.when) : []),
    ];
    for (const c of read) dimensionsUsedBy(c, both).forEach((d) => used.add(d));
    const diagnosis = dims.get("diagnosis")!;
    const space = distinct(new Map(dims).set("diagnosis", { ...diagnosis, points: diagnosis.points.filter((p) => diagnoses(p.label)) }), [...used].filter((n) => dims.has(n) && !special(n)).sort(), true);
    while (cellCount(space.dims, space.names) > limit && space.names.length > 1) space.names = space.names.slice(0, -1);
    return space;
  };
  const listsOf = new Map(both.rules.map((r) => [r, diagnosisListsRead(r.when, both)] as const));
  const diagnosisLists = domainOf(both).diagnosisLists;
  for (const list of diagnosisLists) {
    spaces.push(spaceOver(both.rules.filter((r) => listsOf.get(r)!.size === 0 || listsOf.get(r)!.has(list)), (label) => label === `diagnosis in ${list}` || movedIn(label, list)));
  }
  // A code moved in or out of a list no rule reads diagnoses from is compared with the other diagnoses.
  spaces.push(spaceOver(both.rules.filter((r) => listsOf.get(r)!.size === 0), (label) => !label.startsWith("diagnosis in ") && !diagnosisLists.some((list) => movedIn(label, list))));
  for (const rule of both.rules) {
    const own = dimensionsUsedBy(rule.when, both);
    if (![...own].some(special)) continue;
    const local = dimensionsOf(both, domainOf({ ...both, rules: [rule] }), moved);
    spaces.push(distinct(local, [...own, "diagnosis"].filter((n, i, all) => local.has(n) && all.indexOf(n) === i).sort(), rule.forEach.length > 0));
  }

  const run = (evaluator: Evaluator, context: PatientContextInput): string[] => {
    const d = evaluate(evaluator, context, { now });
    return isLeft(d) ? [`cannot evaluate: ${d.left[0]?.message ?? "?"}`] : decisionLines(d.right);
  };
  const groups = new Map<string, { before: string[]; after: string[]; cells: Cell[] }>();
  let checked = 0;
  const seen = new Set<string>();
  for (const space of spaces) {
    for (const cell of cells(both, space.dims, space.names, now)) {
      const key = JSON.stringify(cell.context);
      if (seen.has(key)) continue;
      seen.add(key);
      checked++;
      const b = run(old, cell.context);
      const a = run(next, cell.context);
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      // Grouped by what changed, so patients whose decisions differ elsewhere still group together.
      const removed = b.filter((l) => !a.includes(l));
      const added = a.filter((l) => !b.includes(l));
      const group = `${JSON.stringify(removed)}→${JSON.stringify(added)}`;
      const entry = groups.get(group) ?? { before: removed, after: added, cells: [] };
      entry.cells.push(cell);
      groups.set(group, entry);
    }
  }

  const changes = [...groups.values()].map((g): DecisionChange => {
    const first = g.cells[0]!;
    const described: string[] = [];
    for (const name of first.points.keys()) {
      const labels = [...new Set(g.cells.flatMap((c) => c.points.get(name)?.label ?? []))];
      const dimension = name === "diagnosis" ? dims.get(name) : spaces.find((s) => s.names.includes(name))?.dims.get(name);
      const all = (dimension?.points.length ?? 0) === labels.length;
      if (!all) described.push(labels.join(" or "));
    }
    return {
      before: g.before,
      after: g.after,
      regions: g.cells.length,
      patients: described.length > 0 ? described.join("; ") : "every patient",
      witness: first.context,
      witnessDescription: [...first.points.values()].map((p) => p.label).join(", "),
    };
  });
  changes.sort((x, y) => y.regions - x.regions || (x.patients < y.patients ? -1 : 1));
  const info = (g: GuidelineIR) => ({ id: g.guideline.id, version: g.guideline.version, contentHash: g.contentHash });
  return { before: info(before), after: info(after), changes, codeLists: listChanges, regionsChecked: checked };
}

/** The diff as text: each change with the patients it affects, the decision before and after, and a witness. */
export function renderDiff(diff: GuidelineDiff): string {
  const lines = [
    `${diff.before.id} ${diff.before.version} → ${diff.after.id} ${diff.after.version}: ${diff.changes.length} kind${diff.changes.length === 1 ? "" : "s"} of patient get a different decision (${diff.regionsChecked} patient regions compared)`,
  ];
  diff.changes.forEach((c, i) => {
    lines.push("", `${i + 1}. patients: ${c.patients} (${c.regions} region${c.regions === 1 ? "" : "s"})`);
    for (const l of c.before) lines.push(`   - ${l}`);
    for (const l of c.after) lines.push(`   + ${l}`);
    lines.push(`   witness: ${c.witnessDescription}`);
  });
  if (diff.codeLists.length > 0) lines.push("", "Code lists that hold other codes:");
  const expansion = (e: ir.CodeListExpansion): string => `<<${e.code} expanded ${e.timestamp}${e.version !== undefined ? ` from ${e.version}` : ""}`;
  for (const c of diff.codeLists) {
    lines.push(`  ${c.id}: ${c.added.length} code${c.added.length === 1 ? "" : "s"} added, ${c.removed.length} dropped`);
    for (const x of c.added) lines.push(`   + ${x.code} ${x.display}${x.expandedFrom !== undefined ? ` (below ${x.expandedFrom})` : ""}`);
    for (const x of c.removed) lines.push(`   - ${x.code} ${x.display}${x.expandedFrom !== undefined ? ` (below ${x.expandedFrom})` : ""}`);
    if (JSON.stringify(c.expansionsBefore) !== JSON.stringify(c.expansionsAfter)) {
      lines.push(`   expansions: ${c.expansionsBefore.map(expansion).join(", ") || "none"} → ${c.expansionsAfter.map(expansion).join(", ") || "none"}`);
    }
  }
  return lines.join("\n");
}
