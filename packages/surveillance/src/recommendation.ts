/**
 * The ordered drug against the Decision made when the order was written: was it offered, and at
 * what rank (a drug given together with an option counts at the option's rank), and does the
 * prescribed course length fall within what the offered regimens give?
 */
import { vocabulary, type Decision, type DecisionRegimen, type Treatment } from "@steward/core";
import type { DurationMatch, Recommendation } from "./audit-row.js";
import { regimenDays } from "./course-length.js";

/** How the ordered drug stood against the options, and its course length against theirs. */
export interface RecommendationResult {
  readonly recommendation: Recommendation;
  readonly rank: vocabulary.ChoiceRank | null;
  readonly recommendedBy: string | null;
  readonly recommendedDaysMin: number | null;
  readonly recommendedDaysMax: number | null;
  readonly duration: DurationMatch;
}

const rankOrder = vocabulary.choiceRanks.map((r) => r.word);

/** The best-ranked of some options (ties broken by guideline id): its rank and guideline. */
function best(options: readonly { readonly rank: vocabulary.ChoiceRank; readonly provenance: { readonly guideline: string } }[]): { rank: vocabulary.ChoiceRank | null; recommendedBy: string | null } {
  const first = [...options].sort((a, b) => rankOrder.indexOf(a.rank) - rankOrder.indexOf(b.rank) || (a.provenance.guideline < b.provenance.guideline ? -1 : a.provenance.guideline > b.provenance.guideline ? 1 : 0))[0];
  return { rank: first?.rank ?? null, recommendedBy: first?.provenance.guideline ?? null };
}

/** The regimens a treatment gives for `drug`: its own, or those of the companion that is `drug`. */
function regimensFor(treatment: Treatment, drug: string): readonly DecisionRegimen[] {
  if (treatment.drug.id === drug) return treatment.regimens;
  return treatment.combinedWith.find((c) => c.drug.id === drug)?.regimens ?? [];
}

/** Compares the ordered drug (a formulary id, or undefined) and its prescribed course length with the Decision. */
export function compareWithDecision(decision: Decision, drug: string | undefined, prescribedDays: number | undefined): RecommendationResult {
  const none = { recommendedDaysMin: null, recommendedDaysMax: null, duration: "not-applicable" as const };
  const offered = drug === undefined ? [] : decision.treatments.filter((t) => regimensFor(t, drug).length > 0);
  if (offered.length === 0 || drug === undefined) {
    const excluded = decision.excluded.filter((t) => t.drug.id === drug);
    if (excluded.length > 0) return { recommendation: "excluded", ...best(excluded), ...none };
    const withheld = decision.withheld.filter((t) => t.drug.id === drug);
    if (withheld.length > 0) return { recommendation: "withheld", ...best(withheld), ...none };
    if (decision.treatments.length > 0) return { recommendation: "not-offered", rank: null, recommendedBy: null, ...none };
    const advisedAgainst = decision.strategies.length > 0 && decision.strategies.every((s) => s.kind === "no-antibiotic");
    return { recommendation: advisedAgainst ? "antibiotic-not-advised" : "no-recommendation", rank: null, recommendedBy: null, ...none };
  }
  const chosen = best(offered);
  const ranges = offered.flatMap((t) => regimensFor(t, drug).map((r) => regimenDays(r.regimen))).filter((r) => r !== undefined);
  if (ranges.length === 0) return { recommendation: "offered", ...chosen, recommendedDaysMin: null, recommendedDaysMax: null, duration: prescribedDays === undefined ? "not-stated" : "unknown" };
  const min = Math.min(...ranges.map((r) => r[0]));
  const max = Math.max(...ranges.map((r) => r[1]));
  const duration: DurationMatch = prescribedDays === undefined ? "not-stated" : prescribedDays < min ? "shorter" : prescribedDays > max ? "longer" : "within";
  return { recommendation: "offered", ...chosen, recommendedDaysMin: min, recommendedDaysMax: max, duration };
}
