/**
 * What a rule asks the clinician to do to a course — review it by a due time, switch it to oral,
 * change it to a narrower drug — or to record, as Tasks focused on the order they concern.
 */
import { describeAction, type Decision } from "@steward/core";
import type { Task } from "fhir/r4.js";
import { resourceIds } from "./resource-id.js";
import { recordReference, sourceNote, type ToFhirOptions } from "./write-options.js";

type TaskAction = Exclude<Decision["actions"][number], { kind: "refer" }>;

const titles: Readonly<Record<TaskAction["kind"], string>> = {
  review: "Antimicrobial review",
  "switch-to-oral": "Consider switching to oral",
  "de-escalate": "Consider a narrower-spectrum antibiotic",
  request: "Record data the decision needs",
};

/** One Task per action other than a referral. */
export function tasks(decision: Decision, options: ToFhirOptions): { fullUrl: string; resource: Task }[] {
  return decision.actions
    .filter((a): a is TaskAction => a.kind !== "refer")
    .map((action) => {
      const order = action.concerns?.order;
      const { id, fullUrl } = resourceIds("task", { patient: options.patient, at: decision.evaluatedAt, kind: action.kind, order: order?.id, rule: action.provenance.rule, guideline: action.provenance.guideline });
      const resource: Task = {
        resourceType: "Task",
        id,
        status: "requested",
        intent: "proposal",
        code: { text: titles[action.kind] },
        description: describeAction(action),
        ...(order === undefined ? {} : { focus: recordReference(options, "orders", order.id, order.name) }),
        for: options.patient,
        authoredOn: decision.evaluatedAt,
        ...(action.kind === "review"
          ? { restriction: { period: { end: action.due } }, businessStatus: { text: action.overdue ? `overdue since ${action.overdueAt ?? action.due}` : action.status } }
          : {}),
        note: [{ text: sourceNote(action.provenance) }],
      };
      return { fullUrl, resource };
    });
}
