/**
 * The closed word lists of the language: statuses, settings, routes, forms, frequencies and so on.
 * The checker and the evaluator read the same rows, so a word means the same thing everywhere.
 */

/** A word the language accepts, with the sentence a clinician would read for it. */
export interface Word {
  readonly word: string;
  readonly description: string;
}

function words<const T extends string>(rows: readonly (readonly [T, string])[]): readonly (Word & { word: T })[] {
  return rows.map(([word, description]) => ({ word, description }));
}

/** The lifecycle of a guideline file. */
export const guidelineStatuses = words([
  ["draft", "being written; not for clinical use"],
  ["trial", "in a supervised trial"],
  ["active", "approved for clinical use"],
  ["retired", "no longer in use"],
] as const);

/** Where care is given; a guideline names the settings it applies in. */
export const careSettings = words([
  ["primary-care", "general practice"],
  ["community-pharmacy", "community pharmacy"],
  ["urgent-care", "urgent care or out of hours"],
  ["emergency-department", "hospital emergency department"],
  ["inpatient", "hospital inpatient ward"],
  ["outpatient", "hospital outpatient clinic"],
] as const);

/** Routes of administration. */
export const routes = words([
  ["oral", "by mouth"],
  ["iv", "intravenous"],
  ["im", "intramuscular"],
  ["sc", "subcutaneous"],
  ["topical", "applied to the skin"],
  ["otic", "into the ear"],
  ["nasal", "into the nose"],
  ["inhaled", "inhaled"],
  ["rectal", "rectal"],
  ["vaginal", "vaginal"],
] as const);

/** Pharmaceutical forms that change which product is dispensed. */
export const forms = words([
  ["modified-release", "modified-release"],
  ["immediate-release", "immediate-release"],
  ["gastro-resistant", "gastro-resistant"],
  ["dispersible", "dispersible"],
  ["oral-suspension", "oral suspension"],
  ["oral-solution", "oral solution"],
  ["granules", "granules (sachet)"],
  ["ear-drops", "ear drops"],
] as const);

/** UK-AWaRe categories (UKHSA, January 2025). */
export const awareCategories = words([
  ["access", "Access: narrow spectrum, first or second choice for common infections"],
  ["watch", "Watch: broader spectrum, higher resistance potential"],
  ["reserve", "Reserve: last-resort agents for multidrug-resistant infection"],
  ["other", "Other: used for very specific conditions"],
] as const);

/** Alert priorities, most urgent first. */
export const alertPriorities = words([
  ["critical", "act now"],
  ["high", "act before prescribing"],
  ["medium", "should be considered"],
  ["low", "for information at review"],
  ["info", "background information"],
] as const);

/** Whom a rule can refer a patient to. */
export const referralTargets = words([
  ["ams-team", "the antimicrobial stewardship team"],
  ["infection-specialist", "an infection specialist"],
  ["microbiology", "microbiology"],
  ["paediatric-specialist", "a paediatric specialist"],
  ["hospital", "hospital assessment or admission"],
] as const);

/** How soon a referral must be acted on. */
export const referralUrgencies = words([
  ["immediate", "now: the patient is referred at once (same encounter)"],
  ["urgent", "within the day, or as the local urgent pathway says"],
  ["routine", "through the usual referral pathway"],
] as const);

/** The state of an antimicrobial order that rules can look at (`course status is …`). */
export const orderStatuses = words([
  ["active", "the patient is on it"],
  ["draft", "being prescribed: not yet signed"],
] as const);

/** Recorded sex, as the guideline tables use it. */
export const sexes = words([
  ["female", "female"],
  ["male", "male"],
] as const);

/** Specimen types for microbiology cultures. */
export const specimens = words([
  ["urine", "urine"],
  ["blood", "blood"],
  ["sputum", "sputum"],
  ["wound", "wound swab"],
  ["throat", "throat swab"],
  ["csf", "cerebrospinal fluid"],
  ["stool", "stool"],
  ["tissue", "tissue or pus"],
  ["other", "another specimen"],
] as const);

/** Susceptibility interpretations (EUCAST categories as UK laboratories report them). */
export const susceptibilities = words([
  ["susceptible", "susceptible (S)"],
  ["intermediate", "susceptible, increased exposure (I)"],
  ["resistant", "resistant (R)"],
] as const);

/** Prescribing strategies (NICE QS121: immediate, back-up or no antibiotic). */
export const strategies = words([
  ["immediate", "immediate antibiotic"],
  ["back-up", "back-up (delayed) antibiotic prescription"],
  ["no-antibiotic", "no antibiotic"],
] as const);

/** Ranks of treatment option, in the order a decision lists them. */
export const choiceRanks = words([
  ["first", "first choice"],
  ["second", "second choice"],
  ["alternative", "alternative choice when the above are unsuitable"],
] as const);

/** The five outcomes of a 48–72 hour antimicrobial review (Start Smart then Focus). */
export const reviewOutcomes = words([
  ["stop", "stop the antimicrobial"],
  ["switch-to-oral", "switch from intravenous to oral"],
  ["change", "change the antimicrobial (narrower spectrum, or broader if needed)"],
  ["continue", "continue, with a date for the next review"],
  ["opat", "outpatient parenteral antimicrobial therapy"],
] as const);

/** Which way a series of results is going, latest against the one before. */
export const trends = words([
  ["falling", "the latest result is lower than the one before"],
  ["rising", "the latest result is higher than the one before"],
  ["steady", "the latest result equals the one before"],
] as const);

/** What a rule can suggest doing with the course it looks at. */
export const suggestions = words([
  ["oral-switch", "switch the course from intravenous to its oral option"],
  ["de-escalation", "change to a narrower-spectrum (UK-AWaRe Access) drug the culture is susceptible to"],
] as const);

/** Kinds of advice a rule can mark, besides general advice (`advice self-care "…"`). */
export const adviceKinds = words([
  ["self-care", "what the patient can do to manage the symptoms"],
  ["safety-net", "when and how to seek help again"],
] as const);

/** Dosing frequencies written in words, with how many doses they give each day. */
export const frequencies = [
  { words: "once daily", perDay: 1 },
  { words: "twice daily", perDay: 2 },
  { words: "three times daily", perDay: 3 },
  { words: "four times daily", perDay: 4 },
] as const;

/** The names of the words a `list` accepts, for "did you mean" hints. */
export function wordsOf(list: readonly Word[]): string[] {
  return list.map((w) => w.word);
}

/** Type of a word drawn from a list. */
export type WordOf<L extends readonly Word[]> = L[number]["word"];

/** A guideline status word. */
export type GuidelineStatus = WordOf<typeof guidelineStatuses>;
/** A care setting word. */
export type CareSetting = WordOf<typeof careSettings>;
/** A route word. */
export type Route = WordOf<typeof routes>;
/** A pharmaceutical form word. */
export type Form = WordOf<typeof forms>;
/** A UK-AWaRe category word. */
export type AwareCategory = WordOf<typeof awareCategories>;
/** An alert priority word. */
export type AlertPriority = WordOf<typeof alertPriorities>;
/** A referral target word. */
export type ReferralTarget = WordOf<typeof referralTargets>;
/** A referral urgency word. */
export type ReferralUrgency = WordOf<typeof referralUrgencies>;
/** An order status word. */
export type OrderStatus = WordOf<typeof orderStatuses>;
/** A recorded sex word. */
export type Sex = WordOf<typeof sexes>;
/** A specimen word. */
export type Specimen = WordOf<typeof specimens>;
/** A susceptibility word. */
export type Susceptibility = WordOf<typeof susceptibilities>;
/** A prescribing strategy word. */
export type Strategy = WordOf<typeof strategies>;
/** A treatment rank word. */
export type ChoiceRank = WordOf<typeof choiceRanks>;
/** A review outcome word. */
export type ReviewOutcome = WordOf<typeof reviewOutcomes>;
/** A trend word. */
export type Trend = WordOf<typeof trends>;
/** An advice kind word. */
export type AdviceKind = WordOf<typeof adviceKinds>;
/** A suggestion word. */
export type Suggestion = WordOf<typeof suggestions>;
