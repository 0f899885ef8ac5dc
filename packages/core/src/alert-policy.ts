/**
 * The host-configurable alert policy: repeats of a key collapse into the highest-ranked alert,
 * acknowledged alerts stay hidden for their window, the rest are ranked by priority then rule order,
 * and only the top few (of high enough priority) interrupt the clinician.
 */
import type { AlertPriority } from "./vocabulary.js";
import { alertPriorities } from "./vocabulary.js";
import type { Concerns, DecisionAlert, Provenance } from "./decision.js";
import { addTime, formatInstant, parseInstant } from "./time.js";

/** How a host wants alerts handled. */
export interface AlertPolicy {
  /** At most this many alerts are marked interruptive (default 1). */
  readonly maxInterruptive: number;
  /** Only alerts of these priorities may interrupt (default critical and high). */
  readonly interruptivePriorities: readonly AlertPriority[];
  /** How long an acknowledgement suppresses an alert when the host gives no `until` (default 24 hours). */
  readonly acknowledgementWindow: { readonly value: number; readonly unit: "minutes" | "hours" | "days" | "weeks" };
}

/** The default policy: one interruptive alert, critical or high only, acknowledgements last 24 hours. */
export const defaultAlertPolicy: AlertPolicy = {
  maxInterruptive: 1,
  interruptivePriorities: ["critical", "high"],
  acknowledgementWindow: { value: 24, unit: "hours" },
};

/** An alert raised by a rule, before the policy ranks it. */
export interface RaisedAlert {
  readonly priority: AlertPriority;
  readonly message: string;
  readonly summary?: string;
  readonly detail?: string;
  readonly overrideReasons?: readonly { readonly code: string; readonly display: string }[];
  readonly key: string;
  readonly order: number;
  readonly concerns?: Concerns;
  readonly provenance: Provenance;
}

/** An alert the policy did not show. */
export interface SuppressedAlertRecord {
  readonly key: string;
  readonly priority: AlertPriority;
  readonly reason: "acknowledged" | "duplicate";
  readonly until?: string;
  readonly provenance: Provenance;
}

const rank = new Map(alertPriorities.map((p, i) => [p.word, i]));

/** Applies the policy to the alerts raised in one evaluation. */
export function applyAlertPolicy(
  raised: readonly RaisedAlert[],
  acknowledged: readonly { readonly key: string; readonly at: string; readonly until?: string | undefined }[],
  now: number,
  policy: AlertPolicy,
): { alerts: DecisionAlert[]; suppressed: SuppressedAlertRecord[] } {
  const ordered = [...raised].sort((a, b) => rank.get(a.priority)! - rank.get(b.priority)! || a.order - b.order);
  const suppressed: SuppressedAlertRecord[] = [];
  const seen = new Set<string>();
  const kept: RaisedAlert[] = [];
  for (const alert of ordered) {
    const ack = acknowledged
      .map((a) => ({ key: a.key, until: a.until !== undefined ? parseInstant(a.until) : addTime(parseInstant(a.at), policy.acknowledgementWindow.value, policy.acknowledgementWindow.unit), at: parseInstant(a.at) }))
      .filter((a) => a.key === alert.key && a.at <= now && now < a.until)
      .sort((a, b) => b.until - a.until)[0];
    if (ack !== undefined) {
      suppressed.push({ key: alert.key, priority: alert.priority, reason: "acknowledged", until: formatInstant(ack.until), provenance: alert.provenance });
      continue;
    }
    if (seen.has(alert.key)) {
      suppressed.push({ key: alert.key, priority: alert.priority, reason: "duplicate", provenance: alert.provenance });
      continue;
    }
    seen.add(alert.key);
    kept.push(alert);
  }
  let interrupting = 0;
  const alerts = kept.map((a): DecisionAlert => {
    const interruptive = interrupting < policy.maxInterruptive && policy.interruptivePriorities.includes(a.priority);
    if (interruptive) interrupting++;
    const card = { ...(a.summary !== undefined ? { summary: a.summary } : {}), ...(a.detail !== undefined ? { detail: a.detail } : {}), ...(a.overrideReasons !== undefined ? { overrideReasons: [...a.overrideReasons] } : {}) };
    return { priority: a.priority, message: a.message, ...card, key: a.key, interruptive, ...(a.concerns !== undefined ? { concerns: a.concerns } : {}), provenance: a.provenance };
  });
  return { alerts, suppressed };
}
