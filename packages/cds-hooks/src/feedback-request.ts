/**
 * The body a CDS client posts to `{baseUrl}/cds-services/{id}/feedback` (CDS Hooks 2.0, "Feedback"):
 * for each card, accepted (with the suggestions taken) or overridden (with a reason and comment when
 * the clinician gave them), and when. A body that breaks a rule is refused whole.
 */
import * as z from "zod";
import { left, right, type Either } from "#fp-ts/either";
import { pointerOf, type RequestProblem } from "./hook-request.js";

const Coding = z.looseObject({ system: z.string().min(1), code: z.string().min(1), display: z.string().min(1).optional() });

const FeedbackItem = z
  .looseObject({
    card: z.string().min(1),
    outcome: z.enum(["accepted", "overridden"]),
    acceptedSuggestions: z.array(z.looseObject({ id: z.string().min(1) })).min(1).optional(),
    overrideReason: z.looseObject({ reason: Coding.optional(), userComment: z.string().min(1).optional() }).optional(),
    // RFC 3339 date-time in UTC, as the specification profiles ISO 8601.
    outcomeTimestamp: z.iso.datetime({ offset: true }),
  })
  .refine((f) => f.outcome !== "accepted" || f.acceptedSuggestions !== undefined, { message: "an accepted outcome needs `acceptedSuggestions`", path: ["acceptedSuggestions"] })
  .refine((f) => f.outcome !== "accepted" || f.overrideReason === undefined, { message: "an accepted outcome has no `overrideReason`", path: ["overrideReason"] });

const FeedbackSchema = z.looseObject({ feedback: z.array(FeedbackItem).min(1) });

/** One piece of feedback on a card. */
export interface Feedback {
  /** The card's uuid. */
  readonly card: string;
  readonly outcome: "accepted" | "overridden";
  /** For an accepted card: the uuids of the suggestions taken. */
  readonly acceptedSuggestions?: readonly { readonly id: string }[] | undefined;
  /** For an overridden card: the reason picked and the clinician's comment, when given. */
  readonly overrideReason?: { readonly reason?: { readonly system: string; readonly code: string; readonly display?: string | undefined } | undefined; readonly userComment?: string | undefined } | undefined;
  /** When the clinician acted (RFC 3339, UTC). */
  readonly outcomeTimestamp: string;
}

/** Reads a feedback body. */
export function parseFeedback(body: unknown): Either<readonly RequestProblem[], readonly Feedback[]> {
  const parsed = FeedbackSchema.safeParse(body);
  return parsed.success ? right(parsed.data.feedback) : left(parsed.error.issues.map((i) => ({ pointer: pointerOf(i.path), message: i.message })));
}
