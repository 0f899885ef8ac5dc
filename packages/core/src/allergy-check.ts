/**
 * Whether a patient's recorded allergies rule out a drug or class: the one answer read by
 * `allergic to …` conditions, treatment options, order checks and suggestions alike.
 *
 * How it works: an allergy covers what it is recorded against (a drug, a class, or a code either
 * maps to) and the drug's own classes; a class may also cross-react with other classes, always or
 * only after an immediate-type reaction — read from the record's `immediate` flag and its coded
 * manifestations against the class's `immediate-reactions` list, never from severity alone. An
 * intolerance is not immune-mediated, so it rules out what it is recorded against but never
 * cross-reacts. Severity, criticality and an immediate-type reaction rank the order alert.
 */
import type { AllergyEntry, AllergyRecord, Lookups } from "./patient-record.js";
import { Unknown, unknownFor, type Tri } from "./tri.js";

/** What the allergy record says about one drug or class. */
export interface AllergyAssessment {
  /** True: ruled out. Unknown: cannot be ruled out (its keys say what is missing). False: clear. */
  readonly result: Tri;
  /** Why it is ruled out. */
  readonly reasons: readonly string[];
  /** Offered, but with these to check. */
  readonly cautions: readonly string[];
  /** Unknown only because whether a reaction was immediate-type is not recorded: hold back a cross-reactive drug. */
  readonly withhold: boolean;
  /** How urgent an order of it is: the reaction ranks the alert (see `allergyAlertPriority`). */
  readonly priority: "critical" | "high" | "medium";
}

/**
 * The priority of an order alert for an allergy: an immediate-type reaction, a severe reaction or a
 * high criticality is critical; any other allergy high; an intolerance medium.
 */
export function allergyAlertPriority(entry: AllergyEntry, immediateType: boolean | undefined): AllergyAssessment["priority"] {
  if (!entry.immune) return "medium";
  return immediateType === true || entry.severe === true || entry.highCriticality ? "critical" : "high";
}

const rank = { critical: 0, high: 1, medium: 2 } as const;

/**
 * Whether an allergy's reaction was immediate-type, judged against the reactions `owner` (a class
 * with `immediate-reactions`) lists: recorded as immediate, or a listed manifestation; recorded as
 * not immediate; or not known.
 */
export function immediateType(entry: AllergyEntry, owner: string | undefined, lookups: Lookups): boolean | undefined {
  if (entry.immediate === true) return true;
  const listed = owner === undefined ? undefined : lookups.immediateReactions.get(owner);
  if (listed !== undefined && entry.manifestations.some((m) => listed.has(m))) return true;
  return entry.immediate === false ? false : undefined;
}

/** Assesses a drug (`drug`) or a class (`classId`) against the recorded allergies. */
export function assessAllergy(target: { readonly drug?: string | undefined; readonly classId?: string | undefined }, allergies: AllergyRecord | undefined, lookups: Lookups): AllergyAssessment {
  if (allergies === undefined) {
    return { result: unknownFor("list:allergies"), reasons: [], cautions: [], withhold: false, priority: "high" };
  }
  const reasons: string[] = [];
  const direct: AllergyEntry[] = [];
  const cautions: string[] = [];
  const missing: string[] = [];
  let priority: AllergyAssessment["priority"] = "medium";
  const ruledOut = (reason: string, p: AllergyAssessment["priority"]): void => {
    if (reason !== "" && !reasons.includes(reason)) reasons.push(reason);
    if (rank[p] < rank[priority]) priority = p;
  };
  const lineage = (c: string): string[] => [c, ...(lookups.classAncestors.get(c) ?? [])];
  const related = (a: string, b: string): boolean => a === b || (lookups.classAncestors.get(a)?.has(b) ?? false) || (lookups.classAncestors.get(b)?.has(a) ?? false);
  const drugClasses = target.drug !== undefined ? (lookups.drugs.get(target.drug)?.allClasses ?? []) : [];
  // The class whose `immediate-reactions` judge an entry: the first of its classes (or their broader ones) that has a list.
  const judge = (entry: AllergyEntry): string | undefined => entry.classes.flatMap(lineage).find((c) => lookups.immediateReactions.has(c));

  for (const entry of allergies.entries) {
    const covers =
      (target.drug !== undefined && (entry.drugs.includes(target.drug) || entry.classes.some((c) => drugClasses.includes(c)))) ||
      (target.classId !== undefined && (entry.classes.some((c) => related(c, target.classId!)) || entry.drugs.some((d) => lookups.drugs.get(d)?.allClasses.includes(target.classId!))));
    if (covers) {
      direct.push(entry);
      ruledOut("", allergyAlertPriority(entry, immediateType(entry, judge(entry), lookups)));
      continue;
    }
    if (target.drug === undefined) continue;
    // Cross-reactivity: a class the allergy covers (or a broader one) may rule out other classes.
    for (const c of entry.classes) {
      for (const owner of lineage(c)) {
        const ownerClass = lookups.classes.get(owner);
        for (const cross of ownerClass?.crossReactivity ?? []) {
          const shared = cross.classes.find((k) => drugClasses.includes(k));
          if (shared === undefined) continue;
          const sharedTitle = lookups.classes.get(shared)?.title.toLowerCase() ?? shared;
          const source = lookups.crossReactivitySources.get(owner) ?? "";
          const caveat = cross.unverified !== undefined ? `; not confirmed in a cited source: ${cross.unverified}` : "";
          const cited = source === "" && caveat === "" ? "" : ` (${[source, caveat.slice(2)].filter((x) => x !== "").join("; ")})`;
          if (cross.when === "always") {
            ruledOut(`allergy recorded: ${entry.label}; ${sharedTitle} may cross-react${cited}`, allergyAlertPriority(entry, immediateType(entry, owner, lookups)));
            continue;
          }
          if (!entry.immune) {
            cautions.push(`intolerance recorded: ${entry.label}; an intolerance is not an allergy, so ${sharedTitle} are not ruled out for cross-reactivity`);
            continue;
          }
          const immediate = immediateType(entry, owner, lookups);
          if (immediate === true) {
            ruledOut(`allergy recorded: ${entry.label}: an immediate-type reaction, after which ${sharedTitle} may cross-react${cited}`, allergyAlertPriority(entry, true));
          } else if (immediate === false) {
            cautions.push(`allergy recorded: ${entry.label}, not immediate-type: ${sharedTitle} are ruled out only after an immediate-type reaction${cited}; check the reaction history`);
          } else {
            missing.push(`allergy-reaction:${c}`);
          }
        }
      }
    }
  }
  // An intolerance rules out what it is recorded against too, but is named as what it is.
  const recorded = (immune: boolean, what: string): string[] => {
    const labels = direct.filter((e) => e.immune === immune).map((e) => e.label);
    return labels.length > 0 ? [`${what} recorded: ${labels.join("; ")}`] : [];
  };
  reasons.unshift(...recorded(true, "allergy"), ...recorded(false, "intolerance"));
  const found = reasons.filter((r) => r !== "");
  if (found.length > 0) return { result: true, reasons: found, cautions: unique(cautions), withhold: false, priority };
  const keys = unique([...allergies.unmatched, ...missing]);
  const result: Tri = keys.length > 0 ? new Unknown(keys) : false;
  return { result, reasons, cautions: unique(cautions), withhold: missing.length > 0, priority: "high" };
}

function unique<T>(items: readonly T[]): T[] {
  return items.filter((x, i) => items.indexOf(x) === i);
}
