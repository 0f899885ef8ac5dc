/**
 * A Decision as CDS Hooks cards. Items are grouped into cards (card-groups.ts); each card takes its
 * indicator from the priority of its most urgent alert, its source from the first citation, its
 * suggestions from the FHIR resources `toFhir` writes (a dm+d-coded MedicationRequest for each
 * treatment option, a ServiceRequest for a referral, a Task for a review or suggestion), and a uuid
 * the feedback endpoint maps back to the card's key and alerts. Cards already shown or acknowledged
 * are left out; the rest are ranked (most urgent first, then those about the draft orders in hand,
 * then the Decision's order) and cut to the policy's number.
 */
import { vocabulary, type Decision, type DecisionAction, type GuidelineIR, type PatientContextInput, type Provenance, type Treatment } from "@steward/core";
import { toFhir, type ContextProvenance } from "@steward/fhir";
import type { FhirResource, Reference } from "fhir/r4.js";
import { actionSummary, missingDetail, missingSummary, notReadDetail, notReadSummary, ruleDetail, ruleSummary, treatmentDetail, treatmentSummary } from "./card-detail.js";
import { groupDecision, type CardGroup, type RuleGroup } from "./card-groups.js";
import type { Card, CardLink, CardSuggestion, CdsCoding } from "./card-types.js";
import { cardUuid } from "./card-uuid.js";
import type { HookName } from "./services.js";

/** The code system of override reasons a rule declares (`override <code> "…"`). */
export const overrideReasonSystem = "https://steward.dev/fhir/CodeSystem/override-reason";

/** The code system of a card's topic: the guideline it comes from, by id. */
export const guidelineTopicSystem = "https://steward.dev/fhir/CodeSystem/guideline";

/** How many cards a response holds at most, unless the service is configured otherwise. */
export const DEFAULT_MAX_CARDS = 5;

/** How to write a Decision as cards. */
export interface CardOptions {
  readonly hook: HookName;
  /** The hook call's `hookInstance`: uuids are derived from it. */
  readonly hookInstance: string;
  /** The patient, for the resources suggestions create. */
  readonly patient: Reference;
  /** The compiled guidelines the Decision came from: dm+d codes, reasons and titles come from them. */
  readonly guidelines: readonly GuidelineIR[];
  /** The context evaluated, and where its facts came from: suggestions refer to the record's resources. */
  readonly context?: PatientContextInput;
  readonly provenance?: ContextProvenance;
  /** The draft orders of the call (order ids): cards about them rank first among cards of one urgency. */
  readonly draftOrders?: readonly string[];
  /** Card keys not to show (already shown for these draft orders, or acknowledged in feedback). */
  readonly hidden?: ReadonlySet<string>;
  /** At most this many cards (default 5). */
  readonly maxCards?: number;
}

/** A card as the service records it, to map feedback back to what the card showed. */
export interface IssuedCard {
  readonly uuid: string;
  /** The card's key: an alert's key, `guideline/rule@order+culture`, or `guideline/treatments`. */
  readonly key: string;
  /** The keys of the alerts it shows: feedback on the card acknowledges them. */
  readonly alertKeys: readonly string[];
  readonly guideline: string;
  readonly version: string;
  readonly rule: string;
  readonly suggestions: readonly { readonly uuid: string; readonly label: string }[];
}

/** The cards, what each shows, and what was left out. */
export interface CardsResult {
  readonly cards: readonly Card[];
  /** One per card, in the same order. */
  readonly issued: readonly IssuedCard[];
  /** Keys of cards left out because they were already shown or acknowledged. */
  readonly hidden: readonly string[];
  /** Keys of cards left out by the cap, most urgent first. */
  readonly overCap: readonly string[];
}

const indicatorOf: Readonly<Record<vocabulary.AlertPriority, Card["indicator"]>> = { critical: "critical", high: "warning", medium: "warning", low: "info", info: "info" };
const urgency: Readonly<Record<Card["indicator"], number>> = { critical: 0, warning: 1, info: 2 };

/** An action without an alert: an overdue review warns, the rest inform. */
function actionIndicator(a: DecisionAction): Card["indicator"] {
  return a.kind === "review" && a.status === "overdue" ? "warning" : "info";
}

/**
 * A rule's card: from its most urgent alert's priority, and critical when the alert policy marks
 * that alert interruptive (an order check finding a contraindication for a draft order, say), since
 * an EPR shows a critical card in the prescriber's way; without an alert, from its actions.
 */
function ruleIndicator(group: RuleGroup): Card["indicator"] {
  const alert = group.alerts[0];
  if (alert !== undefined) return alert.interruptive ? "critical" : indicatorOf[alert.priority];
  return group.actions.map(actionIndicator).sort((a, b) => urgency[a] - urgency[b])[0] ?? "info";
}

/** Writes `decision` as cards. */
export function decisionToCards(decision: Decision, options: CardOptions): CardsResult {
  const drafts = new Set(options.draftOrders ?? []);
  const hidden: string[] = [];
  const built = groupDecision(decision).flatMap((group) => {
    if (options.hidden?.has(group.key)) {
      hidden.push(group.key);
      return [];
    }
    const card = buildCard(group, decision, options);
    const aboutDraft = group.kind === "rule" && group.concerns?.order !== undefined && drafts.has(group.concerns.order.id);
    return [{ ...card, rank: [urgency[card.card.indicator], aboutDraft ? 0 : 1, group.position] as const }];
  });
  built.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  const max = options.maxCards ?? DEFAULT_MAX_CARDS;
  const shown = built.slice(0, max);
  return { cards: shown.map((b) => b.card), issued: shown.map((b) => b.issued), hidden, overCap: built.slice(max).map((b) => b.issued.key) };
}

function buildCard(group: CardGroup, decision: Decision, options: CardOptions): { card: Card; issued: IssuedCard } {
  const uuid = cardUuid({ hookInstance: options.hookInstance, card: group.key });
  if (group.kind === "missing-data") {
    const text = missingSummary(group);
    const card: Card = { uuid, summary: text.summary, detail: missingDetail(group), indicator: "info", source: { label: "Steward: data the guidelines read" } };
    return { card, issued: { uuid, key: group.key, alertKeys: [], guideline: "steward", version: "", rule: "missing-data", suggestions: [] } };
  }
  if (group.kind === "not-read") {
    const card: Card = { uuid, summary: notReadSummary(group).summary, detail: notReadDetail(group), indicator: "info", source: { label: "Steward: what the guidelines could not read" } };
    return { card, issued: { uuid, key: group.key, alertKeys: [], guideline: "steward", version: "", rule: "not-read", suggestions: [] } };
  }
  const provenances = group.kind === "rule" ? [...group.alerts, ...group.actions, ...group.advice].map((i) => i.provenance) : [...group.treatments, ...group.withheld, ...group.strategies, ...group.leaflets].map((i) => i.provenance);
  const main = provenances[0]!;
  const text = group.kind === "rule" ? ruleSummary(group) : treatmentSummary(group);
  const detail = group.kind === "rule" ? ruleDetail(group, text.shortened) : treatmentDetail(group);
  const suggestions =
    group.kind === "rule"
      ? [...withdrawSuggestion(group, options, uuid), ...group.actions.flatMap((a) => actionSuggestion(a, decision, options, uuid))]
      : group.treatments.map((t, i) => treatmentSuggestion(t, i, group.treatments, decision, options, uuid));
  const indicator = group.kind === "treatments" ? "info" : ruleIndicator(group);
  const reasons: CdsCoding[] = group.kind === "rule" ? (group.alerts[0]?.overrideReasons ?? []).map((r) => ({ system: overrideReasonSystem, code: r.code, display: r.display })) : [];
  const links = guidelineLinks(provenances);
  const title = options.guidelines.find((g) => g.guideline.id === main.guideline)?.guideline.title;
  const citation = main.citations[0];
  const card: Card = {
    uuid,
    summary: text.summary,
    ...(detail === "" ? {} : { detail }),
    indicator,
    source: {
      label: citation === undefined ? (title ?? main.guideline) : shortTitle(citation.title),
      ...(citation?.url === undefined ? {} : { url: citation.url }),
      topic: { system: guidelineTopicSystem, code: main.guideline, ...(title === undefined ? {} : { display: title }) },
    },
    ...(suggestions.length === 0 ? {} : { suggestions, selectionBehavior: group.kind === "treatments" ? "at-most-one" : "any" }),
    ...(reasons.length === 0 ? {} : { overrideReasons: reasons }),
    ...(links.length === 0 ? {} : { links }),
  };
  const issued: IssuedCard = {
    uuid,
    key: group.key,
    alertKeys: group.kind === "rule" ? group.alerts.map((a) => a.key) : [],
    guideline: main.guideline,
    version: main.version,
    rule: group.kind === "rule" ? main.rule : "treatments",
    suggestions: suggestions.map((s) => ({ uuid: s.uuid, label: s.label })),
  };
  return { card, issued };
}

/** The Decision with only the given items, for `toFhir` to write their resources alone. */
function only(decision: Decision, part: Partial<Pick<Decision, "treatments" | "actions">>): Decision {
  return { ...decision, strategies: [], treatments: [], alerts: [], actions: [], leaflets: [], ...part };
}

function resourcesOf(decision: Decision, options: CardOptions): FhirResource[] {
  const bundle = toFhir(decision, { patient: options.patient, guidelines: options.guidelines, ...(options.context === undefined ? {} : { context: options.context }), ...(options.provenance === undefined ? {} : { provenance: options.provenance }) });
  return (bundle.entry ?? []).flatMap((e) => (e.resource === undefined || e.resource.resourceType === "AuditEvent" ? [] : [e.resource]));
}

/** One suggestion per treatment option: its MedicationRequest, and one for each drug given with it. The first first choice is recommended. */
function treatmentSuggestion(t: Treatment, index: number, all: readonly Treatment[], decision: Decision, options: CardOptions, card: string): CardSuggestion {
  const rank = t.rank === "alternative" ? "Alternative" : `${t.rank === "first" ? "First" : "Second"} choice`;
  const label = `${rank}: ${t.drug.name} ${t.regimens[0]!.text}`;
  const recommended = index === all.findIndex((o) => o.rank === "first");
  const actions = resourcesOf(only(decision, { treatments: [t] }), options).map((resource, i) => ({
    type: "create" as const,
    description: i === 0 ? `Create a proposed order: ${t.drug.name} ${t.regimens[0]!.text}` : `With it, a proposed order for ${t.combinedWith[i - 1]?.drug.name ?? "the drug given with it"}`,
    resource,
  }));
  return { label, uuid: cardUuid({ card, suggestion: index }), ...(recommended ? { isRecommended: true } : {}), actions };
}

const suggestionLabels: Readonly<Record<DecisionAction["kind"], (a: DecisionAction) => string>> = {
  refer: (a) => `Refer to ${vocabulary.referralTargets.find((t) => a.kind === "refer" && t.word === a.to)?.description ?? "the team named"}`,
  review: () => "Add a task for the review",
  request: () => "Add a task to record the data",
  "switch-to-oral": () => "Add a task to consider the switch to oral",
  "de-escalate": () => "Add a task to consider the narrower antibiotic",
};

/** A referral creates a ServiceRequest; a review, switch, de-escalation or data request creates a Task. */
function actionSuggestion(a: DecisionAction, decision: Decision, options: CardOptions, card: string): CardSuggestion[] {
  const resources = resourcesOf(only(decision, { actions: [a] }), options);
  if (resources.length === 0) return [];
  return [{ label: suggestionLabels[a.kind](a), uuid: cardUuid({ card, suggestion: decision.actions.indexOf(a) }), actions: resources.map((resource) => ({ type: "create" as const, description: actionSummary(a), resource })) }];
}

/**
 * For an order check's alert about an order drafted in this call (an allergy, a contraindication, a
 * culture showing resistance): a suggestion to take the draft order back, as a delete of its resource.
 */
function withdrawSuggestion(group: RuleGroup, options: CardOptions, card: string): CardSuggestion[] {
  const order = group.concerns?.order;
  const alert = group.alerts[0];
  if (order === undefined || alert?.check === undefined || alert.check.kind === "not-checked" || !(options.draftOrders ?? []).includes(order.id)) return [];
  const index = (options.context?.orders ?? []).findIndex((o) => o.id === order.id);
  const source = options.provenance?.find((p) => p.fact === `/orders/${index}`);
  if (source?.id === undefined) return [];
  const resourceId = `${source.resourceType}/${source.id}`;
  return [{ label: `Withdraw the draft order for ${order.name}`, uuid: cardUuid({ card, suggestion: "withdraw" }), actions: [{ type: "delete", description: `Remove the draft order ${resourceId}`, resourceId }] }];
}

/** A source's title up to its first colon, to label it briefly: `NICE NG109`, `Start Smart then Focus`. */
function shortTitle(title: string): string {
  return title.split(":")[0]!.trim();
}

/** A link to each cited source with an address, once. */
function guidelineLinks(provenances: readonly Provenance[]): CardLink[] {
  const seen = new Map<string, CardLink>();
  for (const p of provenances) {
    for (const c of p.citations) if (c.url !== undefined && !seen.has(c.url)) seen.set(c.url, { label: c.section === undefined ? shortTitle(c.title) : `${shortTitle(c.title)} — ${c.section}`, url: c.url, type: "absolute" });
  }
  return [...seen.values()];
}
