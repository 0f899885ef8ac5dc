/**
 * `prepare`: compiles guidelines once into an `Evaluator` — conditions become closures, provenance
 * and regimen texts are built ahead, and rules are indexed by the diagnosis codes they require, so
 * an evaluation only looks at rules that can apply to the patient.
 */
import { left, right, type Either } from "#fp-ts/either";
import { conditionDepth, maxConditionDepth, maxIrDepth, namedDepths, namesIn, nestsDeeperThan } from "./condition-depth.js";
import { compileCondition, compileScore, findById, type CompileContext, type Condition, type ScoreReading } from "./condition.js";
import { guidelineHash } from "./content-hash.js";
import type { EvaluatedGuideline, Provenance } from "./decision.js";
import type { Diagnostic } from "./diagnostic.js";
import { GuidelineIR, IR_VERSION, type Citation, type Contraindication, type Regimen, type Resistance, type Rule, type Score, type TreatmentOption } from "./ir.js";
import type { Expr, GuidelineIR as GuidelineIRFields } from "./ir-types.js";
import { buildLookups, codeKey, type DeclaredObservation, type Lookups } from "./patient-record.js";
import { prepareRegimens, type PreparedRegimens } from "./regimens.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { careSettings } from "./vocabulary.js";

/** A drug as a Decision names it. */
export interface PreparedDrug {
  readonly id: string;
  readonly name: string;
  readonly aware?: NonNullable<GuidelineIR["drugs"][number]["aware"]>;
}

/** A drug given together with an option's drug, ready to evaluate. */
export interface PreparedCompanion {
  readonly drug: PreparedDrug;
  readonly lowerName: string;
  readonly addIf: string | undefined;
  readonly regimens: PreparedRegimens;
}

/** A treatment option ready to evaluate. */
export interface PreparedOption {
  readonly option: TreatmentOption;
  readonly drug: PreparedDrug;
  readonly onlyIf: Condition | undefined;
  readonly onlyIfTraced: Condition | undefined;
  readonly regimens: PreparedRegimens;
  readonly companions: readonly PreparedCompanion[];
  /** The scores its `only if` reads. */
  readonly scores: readonly string[];
  /** The drug's name in lower case, for texts. */
  readonly lowerName: string;
}

/** A contraindication or resistance row ready to evaluate, with the provenance its findings carry. */
export interface PreparedRow<R extends Contraindication | Resistance> {
  readonly row: R;
  readonly when: Condition;
  readonly whenTraced: Condition;
  readonly provenance: Provenance;
  /** Its condition needs a coded diagnosis: condition-specific guidance, which supersedes general guidance with the same alert key. */
  readonly specific: boolean;
}

/** A rule ready to evaluate. */
export interface PreparedRule {
  readonly rule: Rule;
  readonly order: number;
  readonly when: Condition;
  readonly whenTraced: Condition;
  readonly provenance: Provenance;
  readonly label: string;
  readonly options: readonly PreparedOption[];
  /** The scores its `when` reads, directly or through defines. */
  readonly scores: readonly string[];
  /** Its condition needs a coded diagnosis: condition-specific guidance (see `PreparedRow.specific`). */
  readonly specific: boolean;
}

/** A score ready to show in a Decision: its bounds, and for a computed score each criterion. */
export interface PreparedScore {
  readonly score: Score;
  readonly reading: ScoreReading;
  /** Each criterion as a Decision names it (a finding by its title). */
  readonly texts: readonly string[];
}

/** One guideline compiled for evaluation. */
export interface PreparedGuideline {
  readonly ir: GuidelineIR;
  readonly lookups: Lookups;
  readonly rules: readonly PreparedRule[];
  readonly defineCount: number;
  /** The guideline's scores, by id, in id order. */
  readonly scores: ReadonlyMap<string, PreparedScore>;
  /** The contraindications that apply to each formulary drug (named for it or for one of its classes), in id order. */
  readonly contraindicationsByDrug: ReadonlyMap<string, readonly PreparedRow<Contraindication>[]>;
  readonly resistances: readonly PreparedRow<Resistance>[];
  /** The oral dose an oral switch to each drug names, with its source in words, where the formulary gives one. */
  readonly oralDoses: ReadonlyMap<string, { readonly regimen: Regimen; readonly source: string }>;
  /** Rules that require a diagnosis, by the code keys that satisfy it. */
  readonly byDiagnosis: ReadonlyMap<string, readonly number[]>;
  /** Rules that do not require a diagnosis: always evaluated. */
  readonly unindexed: readonly number[];
  /** The care settings the guideline covers. */
  readonly settings: ReadonlySet<string>;
  /** How the guideline is listed in a Decision when it does not apply, and when none of its rules can fire (frozen: shared by every Decision). */
  readonly listedNotApplying: EvaluatedGuideline;
  readonly listedNoRules: EvaluatedGuideline;
}

/** Guidelines compiled for evaluation; build once with `prepare`, evaluate many times. */
export interface Evaluator {
  /** Marks an evaluator, so `evaluate` can tell it from a list of IR. Everything else in it is internal. */
  readonly kind: "steward-evaluator";
  /** @internal The guidelines, compiled, in id order. */
  readonly guidelines: readonly PreparedGuideline[];
  /** @internal Every formulary drug id, to check the ids a context sends. */
  readonly drugIds: ReadonlySet<string>;
  /** @internal Every drug class id, to check the ids a context sends. */
  readonly classIds: ReadonlySet<string>;
  /** @internal Guidelines (by position) with a rule the diagnosis code can trigger. */
  readonly guidelinesByDiagnosis: ReadonlyMap<string, readonly number[]>;
  /** @internal Guidelines (by position) with a rule that needs no diagnosis: evaluated for every patient. */
  readonly alwaysEvaluated: readonly number[];
  /** @internal For each care setting, how every guideline is listed in a Decision when none of its rules can fire. */
  readonly listedBySetting: ReadonlyMap<string, readonly EvaluatedGuideline[]>;
  /** @internal Every observation any guideline reads, by code key: its id and the unit rules compare in. */
  readonly observationsByCode: ReadonlyMap<string, readonly DeclaredObservation[]>;
  /** @internal The diagnosis codes some guideline reads (`diagnosis in …`, `course indication in …`), by code key. */
  readonly recognisedDiagnoses: ReadonlySet<string>;
  /** @internal The codes some guideline's formulary matches an allergy by (drug and class codes), by code key. */
  readonly allergyCodes: ReadonlySet<string>;
}

/**
 * Validates and compiles guidelines; fails with diagnostics for IR that is malformed, of another
 * version, nested deeper than the evaluator runs, or changed since it was compiled (its content
 * hash does not match).
 */
export function prepare(guidelines: readonly unknown[]): Either<readonly Diagnostic[], Evaluator> {
  const diagnostics: Diagnostic[] = [];
  const invalid = (message: string): void => void diagnostics.push({ code: "eval/invalid-guideline", severity: "error", message, hint: "the IR must come from `steward compile`" });
  const irs: GuidelineIR[] = [];
  const orders = new Map<GuidelineIR, readonly string[]>();
  if (!Array.isArray(guidelines)) return left([{ code: "eval/invalid-guideline", severity: "error", message: "the guidelines must be a list of compiled guidelines" }]);
  guidelines.forEach((g, i) => {
    const version = (g as { irVersion?: unknown } | null)?.irVersion;
    if (version !== IR_VERSION) {
      diagnostics.push({ code: "eval/invalid-guideline", severity: "error", message: `guideline ${i}: IR version \`${String(version)}\` is not supported`, hint: `recompile it with this version of Steward (IR version ${IR_VERSION})` });
      return;
    }
    // invariant: nothing below recurses over IR nested deeper than this
    if (nestsDeeperThan(g, maxIrDepth)) return invalid(`guideline ${i}: nests more than ${maxIrDepth} levels deep`);
    const parsed = GuidelineIR.safeParse(g, { reportInput: true });
    if (!parsed.success) {
      const [first] = schemaDiagnostics(parsed.error.issues, "eval/invalid-guideline");
      return invalid(`guideline ${i}: ${first!.message}`);
    }
    const ir = g as GuidelineIR;
    const claimed = ir.contentHash;
    if (guidelineHash(ir) !== claimed) {
      diagnostics.push({
        code: "eval/content-hash-mismatch",
        severity: "error",
        message: `guideline \`${ir.guideline.id}\`: its content does not match its content hash \`${claimed}\`: the IR was changed after it was compiled`,
        hint: "compile it again from its rule files with `steward compile`",
      });
      return;
    }
    const named = namedDepths(ir);
    if ("cycle" in named) return invalid(`guideline \`${ir.guideline.id}\`: \`${named.cycle.split(":")[1]}\` depends on itself`);
    const tooDeep = conditionRoots(ir).find(([, expr]) => conditionDepth(expr, (key) => named.depths.get(key) ?? 0) > maxConditionDepth);
    const deepNamed = named.order.find((key) => named.depths.get(key)! > maxConditionDepth);
    const deep = deepNamed ?? tooDeep?.[0];
    if (deep !== undefined) return invalid(`guideline \`${ir.guideline.id}\`: the condition of \`${deep.split(":").pop()}\` nests more than ${maxConditionDepth} levels deep, counting the defines and scores it names`);
    orders.set(ir, named.order);
    irs.push(ir);
  });
  const ids = new Set<string>();
  for (const ir of irs) {
    if (ids.has(ir.guideline.id)) diagnostics.push({ code: "eval/invalid-guideline", severity: "error", message: `guideline \`${ir.guideline.id}\` is given twice` });
    ids.add(ir.guideline.id);
  }
  if (diagnostics.length > 0) return left(diagnostics);
  // invariant: guidelines are evaluated in id order, so output never depends on the order given
  const prepared: PreparedGuideline[] = [];
  for (const ir of [...irs].sort((a, b) => (a.guideline.id < b.guideline.id ? -1 : 1))) {
    // The schema checks shapes, not references: IR that names a drug, source, code list, parameter
    // or define it does not declare is reported here rather than thrown at the host.
    try {
      prepared.push(prepareGuideline(ir, orders.get(ir)!));
    } catch (e) {
      diagnostics.push({ code: "eval/invalid-guideline", severity: "error", message: `guideline \`${ir.guideline.id}\`: ${(e as Error).message}`, hint: "the IR must come from `steward compile`" });
    }
  }
  if (diagnostics.length > 0) return left(diagnostics);
  // invariant: a guideline none of whose rules the patient's diagnoses can trigger is not looked at,
  // so the cost of an evaluation does not grow with guidelines that cannot apply
  const guidelinesByDiagnosis = new Map<string, number[]>();
  const alwaysEvaluated: number[] = [];
  prepared.forEach((g, i) => {
    if (g.unindexed.length > 0) alwaysEvaluated.push(i);
    for (const key of g.byDiagnosis.keys()) pushTo(guidelinesByDiagnosis, key, i);
  });
  const observationsByCode = new Map<string, DeclaredObservation[]>();
  for (const ir of irs) {
    const declared: (DeclaredObservation & { codes: readonly { system: string; code: string }[] })[] = [
      ...ir.observations,
      ...ir.scores.flatMap((s) => (s.kind === "recorded" ? [{ id: s.id, unit: "", range: { min: s.min, max: s.max }, codes: s.codes }] : [])),
    ];
    for (const o of declared) {
      for (const c of o.codes) {
        const key = codeKey(c.system, c.code);
        const list = observationsByCode.get(key) ?? [];
        if (!list.some((x) => x.id === o.id && x.unit === o.unit)) list.push({ id: o.id, unit: o.unit, ...(o.range !== undefined ? { range: o.range } : {}) });
        observationsByCode.set(key, list);
      }
    }
  }
  const listedBySetting = new Map(careSettings.map((s) => [s.word, prepared.map((g) => (g.settings.has(s.word) ? g.listedNoRules : g.listedNotApplying))] as const));
  return right({
    kind: "steward-evaluator",
    guidelines: prepared,
    listedBySetting,
    drugIds: new Set(irs.flatMap((ir) => ir.drugs.map((d) => d.id))),
    classIds: new Set(irs.flatMap((ir) => ir.classes.map((c) => c.id))),
    guidelinesByDiagnosis,
    alwaysEvaluated,
    observationsByCode,
    recognisedDiagnoses: new Set(irs.flatMap(diagnosisCodesRead)),
    allergyCodes: new Set(irs.flatMap((ir) => [...ir.drugs, ...ir.classes].flatMap((d) => d.codes.map((c) => codeKey(c.system, c.code))))),
  });
}

/** `named` lists the guideline's defines and scores, each after those it names. */
function prepareGuideline(ir: GuidelineIR, named: readonly string[]): PreparedGuideline {
  const lookups = buildLookups(ir);
  const defineIndex = new Map(ir.defines.map((d, i) => [d.id, i]));
  const find = findById(ir);
  const context = (traced: boolean): CompileContext => ({ ir, find, lookups, defineIndex, defines: [], scores: new Map(), traced });
  const fast = context(false);
  const traced = context(true);
  const requires = diagnosisRequirements(ir);
  const scoresRead = scoreReader(ir);
  // Defines are compiled in dependency order: a define only refers to defines compiled before it.
  const order = named.flatMap((key) => (key.startsWith("define:") ? [defineIndex.get(key.slice(7))!] : []));
  for (const cx of [fast, traced]) {
    const compiled: Condition[] = new Array<Condition>(ir.defines.length);
    for (const i of order) {
      (cx.defines as Condition[])[i] = (scope) => compiled[i]!(scope);
      compiled[i] = compileCondition(ir.defines[i]!.expr, cx, `define:${ir.defines[i]!.id}`);
    }
  }
  const sources = new Map(ir.sources.map((s) => [s.id, s]));
  const drugs = new Map(ir.drugs.map((d) => [d.id, d]));
  const formularyDrug = (id: string): PreparedDrug => {
    const d = drugs.get(id);
    if (d === undefined) throw new Error(`a rule offers drug \`${id}\`, which the IR does not declare`);
    return { id: d.id, name: d.name, ...(d.aware !== undefined ? { aware: d.aware } : {}) };
  };
  const provenanceOf = (id: string, citations: readonly Citation[], unverified: string | undefined): Provenance => ({
    guideline: ir.guideline.id,
    version: ir.guideline.version,
    contentHash: ir.contentHash,
    rule: id,
    ...(unverified !== undefined ? { unverified } : {}),
    citations: citations.map((c) => {
      const s = sources.get(c.source);
      if (s === undefined) throw new Error(`\`${id}\` cites source \`${c.source}\`, which the IR does not declare`);
      return { source: s.id, title: s.title, ...(s.url !== undefined ? { url: s.url } : {}), ...(c.section !== undefined ? { section: c.section } : {}) };
    }),
  });
  const row = <R extends Contraindication | Resistance>(r: R, kind: string): PreparedRow<R> => ({
    row: r,
    when: compileCondition(r.when, fast, `${kind}:${r.id}/when`),
    whenTraced: compileCondition(r.when, traced, `${kind}:${r.id}/when`),
    provenance: provenanceOf(r.id, r.citations, "unverified" in r ? r.unverified : undefined),
    specific: requires(r.when) !== undefined,
  });
  const contraindications = ir.contraindications.map((c) => row(c, "contraindication"));
  // invariant: each drug's list keeps the contraindications' id order, as a filter of them would
  const byTarget = new Map<string, number[]>();
  contraindications.forEach((c, i) => pushTo(byTarget, `${c.row.target.kind}:${c.row.target.id}`, i));
  const contraindicationsByDrug = new Map(
    ir.drugs.map((d) => {
      const rows = [d.id].map((id) => `drug:${id}`).concat(d.allClasses.map((id) => `class:${id}`)).flatMap((key) => byTarget.get(key) ?? []);
      return [d.id, [...new Set(rows)].sort((a, b) => a - b).map((i) => contraindications[i]!)] as const;
    }),
  );
  const rules = ir.rules.map((rule, order): PreparedRule => {
    const provenance = provenanceOf(rule.id, rule.citations, rule.unverified);
    const firstCitation = provenance.citations[0];
    const label = firstCitation ? `${firstCitation.title.split(":")[0]}${firstCitation.section ? `, ${firstCitation.section}` : ""}` : rule.id;
    const options = rule.treatments.map((option, index): PreparedOption => {
      const d = formularyDrug(option.drug);
      const companions = option.combinedWith.map((c): PreparedCompanion => {
        const cd = formularyDrug(c.drug);
        return { drug: cd, lowerName: cd.name.toLowerCase(), addIf: c.addIf, regimens: prepareRegimens(c.regimens) };
      });
      return {
        option,
        drug: d,
        lowerName: d.name.toLowerCase(),
        onlyIf: option.onlyIf ? compileCondition(option.onlyIf, fast, `${rule.id}/option-${index}/only-if`) : undefined,
        onlyIfTraced: option.onlyIf ? compileCondition(option.onlyIf, traced, `${rule.id}/option-${index}/only-if`) : undefined,
        regimens: prepareRegimens(option.regimens),
        companions,
        scores: option.onlyIf ? scoresRead(option.onlyIf) : [],
      };
    });
    return {
      rule,
      order,
      when: compileCondition(rule.when, fast, `${rule.id}/when`),
      whenTraced: compileCondition(rule.when, traced, `${rule.id}/when`),
      provenance,
      label,
      options,
      scores: scoresRead(rule.when),
      specific: requires(rule.when) !== undefined,
    };
  });
  const findings = new Map(ir.findings.map((f) => [f.id, f.title]));
  const scores = new Map(
    ir.scores.map((score): [string, PreparedScore] => [
      score.id,
      {
        score,
        reading: compileScore(score.id, fast),
        texts: score.kind === "computed" ? score.criteria.map((c) => (c.condition.kind === "truth" && c.condition.value.kind === "finding" ? (findings.get(c.condition.value.id) ?? c.text) : c.text)) : [],
      },
    ]),
  );

  const byDiagnosis = new Map<string, number[]>();
  const unindexed: number[] = [];
  ir.rules.forEach((rule, i) => {
    const required = requires(rule.when);
    if (required === undefined) unindexed.push(i);
    else for (const key of required) pushTo(byDiagnosis, key, i);
  });
  const listed = (applies: boolean): EvaluatedGuideline =>
    Object.freeze({
      id: ir.guideline.id,
      title: ir.guideline.title,
      version: ir.guideline.version,
      status: ir.guideline.status,
      contentHash: ir.contentHash,
      applies,
      rulesApplied: Object.freeze([]) as unknown as string[],
    });
  return {
    ir,
    lookups,
    rules,
    defineCount: ir.defines.length,
    scores,
    contraindicationsByDrug,
    resistances: ir.resistances.map((r) => row(r, "resistance")),
    oralDoses: new Map(
      ir.drugs.flatMap((d) => {
        if (d.oralDose === undefined) return [];
        const c = provenanceOf(d.id, [d.oralDose.citation], undefined).citations[0]!;
        return [[d.id, { regimen: d.oralDose.regimen, source: `${c.title.split(":")[0]}${c.section ? `, ${c.section}` : ""}` }] as const];
      }),
    ),
    byDiagnosis,
    unindexed,
    settings: new Set(ir.guideline.settings),
    listedNotApplying: listed(false),
    listedNoRules: listed(true),
  };
}

/** Appends `value` to the list at `key`. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Every condition a guideline evaluates outside its defines and scores, with the id of what holds it. */
function conditionRoots(ir: GuidelineIR): [string, Expr][] {
  return [
    ...ir.rules.flatMap((r): [string, Expr][] => [[r.id, r.when], ...r.treatments.flatMap((t): [string, Expr][] => (t.onlyIf ? [[r.id, t.onlyIf]] : []))]),
    ...[...ir.contraindications, ...ir.resistances].map((c): [string, Expr] => [c.id, c.when]),
  ];
}

/**
 * The scores a condition reads, directly or through defines and other scores' criteria, in the
 * order met. What each define and score reads is worked out once for the guideline.
 */
function scoreReader(ir: GuidelineIR): (expr: Expr) => string[] {
  const conditions = new Map<string, readonly Expr[]>([
    ...ir.defines.map((d): [string, Expr[]] => [`define:${d.id}`, [d.expr]]),
    ...ir.scores.map((s): [string, Expr[]] => [`score:${s.id}`, s.kind === "computed" ? s.criteria.map((c) => c.condition) : []]),
  ]);
  const memo = new Map<string, readonly string[]>();
  const readsOf = (key: string): readonly string[] => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, []);
    const own = key.startsWith("score:") ? [key.slice(6)] : [];
    const found = [...new Set([...own, ...(conditions.get(key) ?? []).flatMap((e) => reads(e))])];
    memo.set(key, found);
    return found;
  };
  const reads = (expr: Expr): string[] => [...new Set(namesIn(expr).flatMap(readsOf))];
  return reads;
}

/**
 * The diagnosis codes a condition cannot be true without, if there are such codes: `diagnosis in L`
 * requires L's codes; an `and` requires what any one part requires; an `or` requires the union of
 * what every branch requires.
 */
export function requiredDiagnoses(expr: Expr, ir: GuidelineIRFields): ReadonlySet<string> | undefined {
  return diagnosisRequirements(ir)(expr);
}

/** `requiredDiagnoses` for the conditions of one guideline, each define and code list read once. */
function diagnosisRequirements(ir: GuidelineIRFields): (expr: Expr) => ReadonlySet<string> | undefined {
  const lists = new Map(ir.codeLists.map((l) => [l.id, l]));
  const defines = new Map(ir.defines.map((d) => [d.id, d.expr]));
  const memo = new Map<string, ReadonlySet<string> | undefined>();
  const required = (expr: Expr): ReadonlySet<string> | undefined => {
    switch (expr.kind) {
      case "in":
        if (expr.value.kind === "diagnosis" && expr.set.kind === "code-list") {
          const list = lists.get(expr.set.id);
          if (list === undefined) throw new Error(`unknown code list ${expr.set.id}`);
          return new Set(list.codes.map((c) => codeKey(c.system, c.code)));
        }
        return undefined;
      case "and": {
        let best: ReadonlySet<string> | undefined;
        for (const arg of expr.args) {
          const r = required(arg);
          if (r !== undefined && (best === undefined || r.size < best.size)) best = r;
        }
        return best;
      }
      case "or": {
        const all = new Set<string>();
        for (const arg of expr.args) {
          const r = required(arg);
          if (r === undefined) return undefined;
          r.forEach((k) => all.add(k));
        }
        return all;
      }
      case "truth": {
        if (expr.value.kind !== "define") return undefined;
        const id = expr.value.id;
        if (!memo.has(id)) {
          memo.set(id, undefined);
          const define = defines.get(id);
          memo.set(id, define === undefined ? undefined : required(define));
        }
        return memo.get(id);
      }
      default:
        return undefined;
    }
  };
  return required;
}

/** The diagnosis codes a guideline reads anywhere: in `diagnosis in …` and `course indication in …` conditions. */
function diagnosisCodesRead(ir: GuidelineIR): string[] {
  const lists = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const n = node as { kind?: unknown; value?: { kind?: string; field?: string }; set?: { kind?: string; id?: string } };
      const readsDiagnosis = n.value?.kind === "diagnosis" || (n.value?.kind === "course" && n.value.field === "indication");
      if (n.kind === "in" && readsDiagnosis && n.set?.kind === "code-list" && n.set.id !== undefined) lists.add(n.set.id);
      Object.values(node).forEach(walk);
    }
  };
  walk([ir.rules, ir.defines, ir.contraindications, ir.resistances]);
  return ir.codeLists.filter((l) => lists.has(l.id)).flatMap((l) => l.codes.map((c) => codeKey(c.system, c.code)));
}
