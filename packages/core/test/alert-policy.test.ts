import { describe, expect, test } from "vitest";
import { defaultAlertPolicy } from "@steward/core";
import { compileRules, decide, NOW, patient, rule } from "./support/evaluation.js";

const HOUR = 3_600_000;
const hoursFromNow = (h: number): string => new Date(Date.parse(NOW) + h * HOUR).toISOString().replace(".000Z", "Z");

const always = "setting is primary-care";

describe("alerts with the same key", () => {
  const ir = compileRules(
    [
      rule("watch", always, `alert medium "resistance possible" key resistant`),
      rule("act", always, `alert high "resistant to current antibiotic" key resistant`),
      rule("again", always, `alert high "resistant, second rule" key resistant`),
    ].join("\n"),
  );

  test("collapse to the most urgent one, the first in rule order among equals", () => {
    const decision = decide([ir], patient());
    expect(decision.alerts.map((a) => [a.priority, a.message, a.provenance.rule])).toEqual([["high", "resistant to current antibiotic", "act"]]);
  });

  test("list the others as suppressed duplicates", () => {
    const decision = decide([ir], patient());
    expect(decision.suppressedAlerts.map((s) => ({ key: s.key, priority: s.priority, reason: s.reason, rule: s.provenance.rule }))).toEqual([
      { key: "resistant", priority: "high", reason: "duplicate", rule: "again" },
      { key: "resistant", priority: "medium", reason: "duplicate", rule: "watch" },
    ]);
  });

  test("without `key`, an alert's key is its rule's id, so two rules' alerts never collapse", () => {
    const plain = compileRules([rule("one", always, `alert low "first"`), rule("two", always, `alert low "second"`)].join("\n"));
    const decision = decide([plain], patient());
    expect(decision.alerts.map((a) => a.key)).toEqual(["one", "two"]);
    expect(decision.suppressedAlerts).toEqual([]);
  });
});

describe("acknowledged alerts", () => {
  const ir = compileRules([rule("act", always, `alert high "resistant to current antibiotic" key resistant`), rule("inform", always, `alert low "for information" key info-note`)].join("\n"));

  test("are suppressed for 24 hours by default", () => {
    const decision = decide([ir], patient({ acknowledgedAlerts: [{ key: "resistant", at: hoursFromNow(-23) }] }));
    expect(decision.alerts.map((a) => a.key)).toEqual(["info-note"]);
    expect(decision.suppressedAlerts).toEqual([{ key: "resistant", priority: "high", reason: "acknowledged", until: hoursFromNow(1), provenance: expect.objectContaining({ rule: "act" }) }]);
  });

  test("are shown again once the default window has passed", () => {
    for (const hours of [-24, -25]) {
      const decision = decide([ir], patient({ acknowledgedAlerts: [{ key: "resistant", at: hoursFromNow(hours) }] }));
      expect(decision.alerts.map((a) => a.key)).toEqual(["resistant", "info-note"]);
      expect(decision.suppressedAlerts).toEqual([]);
    }
  });

  test("are suppressed until the `until` the host gives, and shown again from then", () => {
    const until = hoursFromNow(2);
    const suppressed = decide([ir], patient({ acknowledgedAlerts: [{ key: "resistant", at: hoursFromNow(-100), until }] }));
    expect(suppressed.suppressedAlerts).toEqual([expect.objectContaining({ key: "resistant", reason: "acknowledged", until })]);
    const atUntil = decide([ir], patient({ acknowledgedAlerts: [{ key: "resistant", at: hoursFromNow(-100), until: NOW }] }));
    expect(atUntil.alerts.map((a) => a.key)).toEqual(["resistant", "info-note"]);
  });

  test("an acknowledgement recorded after the evaluation time does not suppress", () => {
    const decision = decide([ir], patient({ acknowledgedAlerts: [{ key: "resistant", at: hoursFromNow(1) }] }));
    expect(decision.alerts.map((a) => a.key)).toEqual(["resistant", "info-note"]);
  });

  test("the longest of several acknowledgements of one key wins", () => {
    const acknowledgedAlerts = [
      { key: "resistant", at: hoursFromNow(-1), until: hoursFromNow(3) },
      { key: "resistant", at: hoursFromNow(-2), until: hoursFromNow(10) },
    ];
    expect(decide([ir], patient({ acknowledgedAlerts })).suppressedAlerts[0]).toMatchObject({ until: hoursFromNow(10) });
  });

  test("an acknowledgement of another key suppresses nothing", () => {
    const decision = decide([ir], patient({ acknowledgedAlerts: [{ key: "something-else", at: hoursFromNow(-1) }] }));
    expect(decision.suppressedAlerts).toEqual([]);
  });

  test("a suppressed alert does not take the interruptive place", () => {
    const two = compileRules([rule("a", always, `alert critical "first" key a`), rule("b", always, `alert high "second" key b`)].join("\n"));
    const decision = decide([two], patient({ acknowledgedAlerts: [{ key: "a", at: hoursFromNow(-1) }] }));
    expect(decision.alerts).toEqual([expect.objectContaining({ key: "b", interruptive: true })]);
  });
});

describe("ranking and interruption", () => {
  const ir = compileRules(
    [
      rule("r-info", always, `alert info "background" key k-info`),
      rule("r-medium", always, `alert medium "consider" key k-medium`),
      rule("r-high-1", always, `alert high "act before prescribing (1)" key k-high-1`),
      rule("r-low", always, `alert low "at review" key k-low`),
      rule("r-critical", always, `alert critical "act now" key k-critical`),
      rule("r-high-2", always, `alert high "act before prescribing (2)" key k-high-2`),
    ].join("\n"),
  );

  test("alerts are ranked by priority, then rule order", () => {
    expect(decide([ir], patient()).alerts.map((a) => a.key)).toEqual(["k-critical", "k-high-1", "k-high-2", "k-medium", "k-low", "k-info"]);
  });

  test("by default only the top alert interrupts", () => {
    expect(defaultAlertPolicy).toEqual({ maxInterruptive: 1, interruptivePriorities: ["critical", "high"], acknowledgementWindow: { value: 24, unit: "hours" } });
    expect(decide([ir], patient()).alerts.filter((a) => a.interruptive).map((a) => a.key)).toEqual(["k-critical"]);
  });

  test("by default medium and lower alerts never interrupt, even when nothing else does", () => {
    const quiet = compileRules(rule("r-medium", always, `alert medium "consider" key k-medium`));
    expect(decide([quiet], patient()).alerts).toEqual([expect.objectContaining({ key: "k-medium", interruptive: false })]);
  });

  test("the host may allow more interruptive alerts", () => {
    const decision = decide([ir], patient(), { alertPolicy: { maxInterruptive: 5 } });
    expect(decision.alerts.filter((a) => a.interruptive).map((a) => a.key)).toEqual(["k-critical", "k-high-1", "k-high-2"]);
  });

  test("the host may widen the priorities that interrupt", () => {
    const decision = decide([ir], patient(), { alertPolicy: { maxInterruptive: 10, interruptivePriorities: ["critical", "high", "medium"] } });
    expect(decision.alerts.filter((a) => a.interruptive).map((a) => a.key)).toEqual(["k-critical", "k-high-1", "k-high-2", "k-medium"]);
  });

  test("the host may narrow them so that a high alert does not interrupt", () => {
    const decision = decide([ir], patient(), { alertPolicy: { maxInterruptive: 10, interruptivePriorities: ["critical"] } });
    expect(decision.alerts.filter((a) => a.interruptive).map((a) => a.key)).toEqual(["k-critical"]);
  });

  test("the host may switch interruption off", () => {
    expect(decide([ir], patient(), { alertPolicy: { maxInterruptive: 0 } }).alerts.some((a) => a.interruptive)).toBe(false);
  });

  test("the host may shorten the acknowledgement window", () => {
    const acknowledgedAlerts = [{ key: "k-critical", at: hoursFromNow(-3) }];
    const shorter = decide([ir], patient({ acknowledgedAlerts }), { alertPolicy: { acknowledgementWindow: { value: 2, unit: "hours" } } });
    expect(shorter.alerts[0]!.key).toBe("k-critical");
    const longer = decide([ir], patient({ acknowledgedAlerts }), { alertPolicy: { acknowledgementWindow: { value: 1, unit: "days" } } });
    expect(longer.alerts[0]!.key).toBe("k-high-1");
    expect(longer.suppressedAlerts[0]).toMatchObject({ key: "k-critical", until: hoursFromNow(21) });
  });

  test("the host's overrides do not change the default policy for later evaluations", () => {
    decide([ir], patient(), { alertPolicy: { maxInterruptive: 5 } });
    expect(defaultAlertPolicy.maxInterruptive).toBe(1);
    expect(decide([ir], patient()).alerts.filter((a) => a.interruptive)).toHaveLength(1);
  });
});
