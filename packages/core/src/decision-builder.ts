/** Collects the parts of a Decision as guidelines and order checks produce them, in rule order. */
import type { RaisedAlert } from "./alert-policy.js";
import type { PatientContext } from "./context.js";
import type { Concerns, DecisionAction, DecisionScore, DecisionStrategy, DecisionText, ExcludedTreatment, MissingData, Treatment, WithheldTreatment } from "./decision-types.js";
import type { GuidelineIR } from "./ir.js";
import { describeMissing } from "./missing-data.js";
import type { Unknown } from "./tri.js";

const rankOrder = { first: 0, second: 1, alternative: 2 } as const;

/** Collects a Decision's parts in rule order. */
export class DecisionBuilder {
  readonly strategies: DecisionStrategy[] = [];
  readonly treatments: Omit<Treatment, never>[] = [];
  readonly excluded: ExcludedTreatment[] = [];
  readonly withheld: WithheldTreatment[] = [];
  readonly advice: DecisionText[] = [];
  readonly leaflets: DecisionText[] = [];
  readonly alerts: RaisedAlert[] = [];
  readonly actions: DecisionAction[] = [];
  readonly scores: DecisionScore[] = [];
  private readonly missing = new Map<string, { description: string; neededFor: string[] }>();

  constructor(
    readonly now: number,
    readonly context: PatientContext,
  ) {}

  strategy(s: DecisionStrategy): void {
    if (!this.strategies.some((x) => x.kind === s.kind && x.advice === s.advice)) this.strategies.push(s);
  }

  text(list: DecisionText[], text: string, provenance: DecisionText["provenance"], concerns: Concerns | undefined, kind?: DecisionText["kind"]): void {
    if (!list.some((x) => x.text === text && x.kind === kind)) list.push({ text, ...(kind !== undefined ? { kind } : {}), ...(concerns !== undefined ? { concerns } : {}), provenance });
  }

  needs(unknown: Unknown, purpose: string, ir: GuidelineIR): void {
    for (const key of unknown.missing) {
      const entry = this.missing.get(key) ?? { description: describeMissing(key, ir, this.context), neededFor: [] };
      if (!entry.neededFor.includes(purpose)) entry.neededFor.push(purpose);
      this.missing.set(key, entry);
    }
  }

  missingData(): MissingData[] {
    return [...this.missing].map(([data, v]) => ({ data, description: v.description, neededFor: v.neededFor }));
  }

  rankedTreatments(): Treatment[] {
    return stableRank(this.treatments);
  }
  rankedExcluded(): ExcludedTreatment[] {
    return stableRank(this.excluded);
  }
  rankedWithheld(): WithheldTreatment[] {
    return stableRank(this.withheld);
  }
}

function stableRank<T extends { rank: keyof typeof rankOrder }>(items: readonly T[]): T[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => rankOrder[a.item.rank] - rankOrder[b.item.rank] || a.i - b.i).map((x) => x.item);
}
