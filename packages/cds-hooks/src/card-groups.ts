/**
 * What goes on one card. A Decision's items are grouped by where they came from: each guideline's
 * treatment options, with the strategies, advice, leaflets and options withheld or ruled out that go
 * with them, make one card; everything a rule says about one course (or culture, or the patient) —
 * its alert, its actions, its advice — makes another; the data the record lacks that would change
 * the decision makes one more, and what in the record no guideline could read a last one. Each group has a key that stays the same from
 * one call to the next, so the service can tell what it has already shown.
 */
import type { Concerns, Decision, DecisionAction, DecisionAlert, DecisionStrategy, DecisionText, ExcludedTreatment, Provenance, Treatment, WithheldTreatment } from "@steward/core";

/** A guideline's treatment options and what goes with them. */
export interface TreatmentGroup {
  readonly kind: "treatments";
  readonly key: string;
  readonly guideline: string;
  readonly treatments: readonly Treatment[];
  readonly withheld: readonly WithheldTreatment[];
  readonly excluded: readonly ExcludedTreatment[];
  readonly strategies: readonly DecisionStrategy[];
  readonly advice: readonly DecisionText[];
  readonly leaflets: readonly DecisionText[];
  /** Where the group stands in the Decision, for ranking. */
  readonly position: number;
}

/** What one rule says about one course, culture or the patient. */
export interface RuleGroup {
  readonly kind: "rule";
  readonly key: string;
  readonly provenance: Provenance;
  readonly concerns: Concerns | undefined;
  readonly alerts: readonly DecisionAlert[];
  readonly actions: readonly DecisionAction[];
  readonly advice: readonly DecisionText[];
  readonly position: number;
}

/** Data the record lacks that would change the decision: one card, so nothing is held back in silence. */
export interface MissingDataGroup {
  readonly kind: "missing-data";
  readonly key: string;
  readonly missing: Decision["missingData"];
  readonly position: number;
}

/** What in the record no guideline could read: diagnoses none recognises, allergies matched to no drug, unknown code systems. */
export interface NotReadGroup {
  readonly kind: "not-read";
  readonly key: string;
  readonly diagnoses: Decision["unrecognisedDiagnoses"];
  readonly allergies: Decision["unmatchedAllergies"];
  readonly codeSystems: Decision["unknownCodeSystems"];
  readonly position: number;
}

/** The items of one card. */
export type CardGroup = TreatmentGroup | RuleGroup | MissingDataGroup | NotReadGroup;

/** The key of what a rule says about a course and culture: `guideline/rule@order+culture`. */
function ruleKey(p: Provenance, concerns: Concerns | undefined): string {
  const order = concerns?.order === undefined ? "" : `@${concerns.order.id}`;
  const culture = concerns?.culture === undefined ? "" : `+${concerns.culture.id}`;
  return `${p.guideline}/${p.rule}${order}${culture}`;
}

/** Groups a Decision's items into cards, in the Decision's order: alerts (ranked), treatments, then actions and advice. */
export function groupDecision(decision: Decision): CardGroup[] {
  const rules = new Map<string, { provenance: Provenance; concerns: Concerns | undefined; alerts: DecisionAlert[]; actions: DecisionAction[]; advice: DecisionText[]; position: number }>();
  let position = 0;
  const rule = (p: Provenance, concerns: Concerns | undefined) => {
    const key = ruleKey(p, concerns);
    let group = rules.get(key);
    if (group === undefined) rules.set(key, (group = { provenance: p, concerns, alerts: [], actions: [], advice: [], position: position++ }));
    return group;
  };
  for (const alert of decision.alerts) rule(alert.provenance, alert.concerns).alerts.push(alert);

  // One treatment card per guideline that offers or withholds an option, advises a strategy or gives a leaflet.
  const guidelines = [...new Set([...decision.treatments, ...decision.withheld, ...decision.strategies, ...decision.leaflets].map((t) => t.provenance.guideline))];
  const treatmentGroups = guidelines.map((guideline): TreatmentGroup => {
    const of = <T extends { provenance: Provenance }>(items: readonly T[]): T[] => items.filter((i) => i.provenance.guideline === guideline);
    const general = (items: readonly DecisionText[]): DecisionText[] => of(items).filter((i) => i.concerns === undefined);
    return {
      kind: "treatments",
      key: `${guideline}/treatments`,
      guideline,
      treatments: of(decision.treatments),
      withheld: of(decision.withheld),
      excluded: of(decision.excluded),
      strategies: of(decision.strategies),
      advice: general(decision.advice),
      leaflets: of(decision.leaflets),
      position: position++,
    };
  });
  const onTreatmentCard = new Set(guidelines);

  for (const action of decision.actions) rule(action.provenance, action.concerns).actions.push(action);
  // Advice about a course goes with what its rule says about that course; general advice with the guideline's treatments.
  for (const advice of decision.advice) {
    if (advice.concerns === undefined && onTreatmentCard.has(advice.provenance.guideline)) continue;
    rule(advice.provenance, advice.concerns).advice.push(advice);
  }
  const ruleGroups = [...rules.entries()].map(([key, g]): RuleGroup => ({ kind: "rule", key, ...g }));
  const missing: MissingDataGroup[] = decision.missingData.length === 0 ? [] : [{ kind: "missing-data", key: "steward/missing-data", missing: decision.missingData, position: position++ }];
  const { unrecognisedDiagnoses: diagnoses, unmatchedAllergies: allergies, unknownCodeSystems: codeSystems } = decision;
  const notRead: NotReadGroup[] =
    diagnoses.length + allergies.length + codeSystems.length === 0 ? [] : [{ kind: "not-read", key: "steward/not-read", diagnoses, allergies, codeSystems, position: position++ }];
  return [...ruleGroups, ...treatmentGroups, ...missing, ...notRead].sort((a, b) => a.position - b.position);
}
