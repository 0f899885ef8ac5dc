/**
 * The CDS Hooks response as documented interfaces (CDS Hooks 2.0 "CDS Service Response"): what the
 * service sends back for a hook. Optional fields are left out rather than sent empty, as the
 * specification requires.
 */
import type { FhirResource } from "fhir/r4.js";

/** A code with its system: an override reason (which must have a `display`) or a card's topic. */
export interface CdsCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/** Where a card's guidance comes from. */
export interface CardSource {
  /** A short label for the source, shown with the card. */
  readonly label: string;
  /** A page about the source. */
  readonly url?: string;
  /** What the card is about, for filtering. */
  readonly topic?: CdsCoding;
}

/** A change the clinician can accept: create a resource, update one, or delete one. */
export interface CardAction {
  readonly type: "create" | "update" | "delete";
  readonly description: string;
  /** The resource to create, or the whole updated resource. */
  readonly resource?: FhirResource;
  /** For a delete: the resource, as `Type/id`. */
  readonly resourceId?: string;
}

/** A suggestion on a card: a label and the actions it takes, all together. */
export interface CardSuggestion {
  readonly label: string;
  /** Sent back in feedback when the suggestion is accepted. */
  readonly uuid: string;
  readonly isRecommended?: boolean;
  readonly actions: readonly CardAction[];
}

/** A link to more information. */
export interface CardLink {
  readonly label: string;
  readonly url: string;
  readonly type: "absolute" | "smart";
}

/** One card: a summary, its urgency, where it comes from, and what the clinician can do. */
export interface Card {
  /** Sent back in feedback; maps back to the alerts and rule the card shows. */
  readonly uuid: string;
  /** One sentence, under 140 characters. */
  readonly summary: string;
  /** More, in GitHub Flavored Markdown. */
  readonly detail?: string;
  readonly indicator: "info" | "warning" | "critical";
  readonly source: CardSource;
  readonly suggestions?: readonly CardSuggestion[];
  /** Present exactly when there are suggestions. */
  readonly selectionBehavior?: "at-most-one" | "any";
  /** Reasons the clinician can give when overriding the card; each has a display. */
  readonly overrideReasons?: readonly CdsCoding[];
  readonly links?: readonly CardLink[];
}

/** The response to a hook call. */
export interface CdsResponse {
  readonly cards: readonly Card[];
}
