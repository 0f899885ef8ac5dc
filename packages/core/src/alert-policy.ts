/**
 * The host-configurable alert policy: repeats of a key collapse into one alert — condition-specific
 * guidance before general guidance, then the highest-ranked — acknowledged alerts stay hidden for
 * their window, the rest are ranked by priority, then what an order check found before other
 * guidance, then rule order, and only the top few (of high enough priority) interrupt the clinician.
 */
import type { AlertPriority } from "./vocabulary.js";
import { alertPriorities } from "./vocabulary.js";
import type { Concerns, DecisionAlert, Provenance } from "./decision.js";
import type { ReviewOutcome } from "./vocabulary.js";
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
  readonly key: string;
  readonly order: number;
  /** Raised by a rule (or row) whose condition needs a coded diagnosis: it speaks for that condition. */
  readonly specific: boolean;
  readonly recommends?: ReviewOutcome;
  readonly check?: DecisionAlert["check"];
  readonly concerns?: Concerns;
  readonly provenance: Provenance;
}

/** An alert the policy did not show. */
export interface SuppressedAlertRecord {
  readonly key: string;
  readonly priority: AlertPriority;
  readonly reason: "acknowledged" | "duplicate" | "superseded";
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
  // Within a priority, what checking an order found against this patient (an allergy, a
  // contraindication, a resistant culture) comes before other guidance, so it is what interrupts.
  const finding = (a: RaisedAlert): number => (a.check !== undefined && a.check.kind !== "not-checked" ? 0 : 1);
  const byPriority = (a: RaisedAlert, b: RaisedAlert): number => rank.get(a.priority)! - rank.get(b.priority)! || finding(a) - finding(b) || a.order - b.order;
  // invariant: for one key, guidance for the patient's condition wins over general guidance, whatever
  // their priorities: it knows when the general advice does not apply (NICE NG109 1.1.4)
  const winner = new Map<string, RaisedAlert>();
  for (const a of [...raised].sort((x, y) => Number(y.specific) - Number(x.specific) || byPriority(x, y))) if (!winner.has(a.key)) winner.set(a.key, a);
  const ordered = [...raised].sort((a, b) => Number(winner.get(b.key) === b) - Number(winner.get(a.key) === a) || byPriority(a, b));
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
      const superseded = winner.get(alert.key)!.specific && !alert.specific;
      suppressed.push({ key: alert.key, priority: alert.priority, reason: superseded ? "superseded" : "duplicate", provenance: alert.provenance });
      continue;
    }
    seen.add(alert.key);
    kept.push(alert);
  }
  let interrupting = 0;
  const alerts = kept.map((a): DecisionAlert => {
    const interruptive = interrupting < policy.maxInterruptive && policy.interruptivePriorities.includes(a.priority);
    if (interruptive) interrupting++;
    return {
      priority: a.priority,
      message: a.message,
      key: a.key,
      interruptive,
      ...(a.recommends !== undefined ? { recommends: a.recommends } : {}),
      ...(a.check !== undefined ? { check: a.check } : {}),
      ...(a.concerns !== undefined ? { concerns: a.concerns } : {}),
      provenance: a.provenance,
    };
  });
  return { alerts, suppressed };
}
