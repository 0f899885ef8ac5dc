/**
 * Hospital stewardship rules (language §25): `for each` course and culture, reviews timed from the
 * course, series of results, suggestions, class members and cross-reactivity. The guideline is the
 * shared test prelude plus a few hospital declarations, with the penicillins' cross-reactivity
 * written per test.
 */
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import type { Decision, DecisionAction, GuidelineIR } from "@steward/core";
import { compileText } from "@steward/dsl";
import { decide, fired, missingKeys, NOW, prelude, ruleStatus, type ContextJson } from "./support/evaluation.js";

/** Drugs, a local list and observations a hospital guideline adds to the shared prelude. */
const hospitalDeclarations = `
class carbapenems "Carbapenems" within beta-lactams

class restricted "Restricted antimicrobials (local list)" {
  members meropenem, gentamicin
}

drug benzylpenicillin "Benzylpenicillin" {
  classes penicillins
  aware access
  routes iv
  oral-option amoxicillin
}

drug meropenem "Meropenem" {
  classes carbapenems
  aware watch
  routes iv
}

drug ceftriaxone "Ceftriaxone" {
  classes cephalosporins
  aware watch
  routes iv
}

observation temperature "Body temperature" {
  unit °C
  loinc 8310-5 "Body temperature"
}

observation news2 "NEWS2 score" {
  snomed 1104051000000101 "NEWS2"
}
`;

const PENICILLINS = `class penicillins "Penicillins" within beta-lactams\n`;

/** Reactions that count as immediate-type for the penicillins in these tests. */
const IMMEDIATE_REACTIONS = `codes immediate-type "Immediate-type reactions" {\n  snomed 39579001 "Anaphylaxis"\n}\n`;

/** The cross-reactivity the shared formulary gives penicillins: cephalosporins, after an immediate-type reaction, unconfirmed. */
const IF_IMMEDIATE_UNVERIFIED = `cross-reactive-if-immediate cephalosporins\n  cross-reactivity-unverified "from the BNF monograph only"\n  immediate-reactions immediate-type`;

/** Compiles the prelude, with `penicillins` given the class fields `penicillinFields`, the hospital declarations and `rules`. */
function compileHospital(rules: string, penicillinFields = IF_IMMEDIATE_UNVERIFIED): GuidelineIR {
  if (!prelude.includes(PENICILLINS)) throw new Error("the shared prelude no longer declares penicillins as this file expects");
  const text = `${prelude.replace(PENICILLINS, `class penicillins "Penicillins" within beta-lactams {\n  ${penicillinFields}\n}\n`)}${IMMEDIATE_REACTIONS}${hospitalDeclarations}\n${rules}`;
  const result = compileText(text, "hospital.stw");
  if (isLeft(result)) throw new Error(`expected the rules to compile, got:\n${result.left.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`).join("\n")}`);
  return result.right;
}

/** A cited rule that is `for each <subjects>`. */
function eachRule(id: string, subjects: string, when: string, body: string): string {
  return `rule ${id} {\n  cite nice "section ${id}"\n  for each ${subjects}\n  when ${when}\n  ${body}\n}\n`;
}

/** A cited rule that always applies to inpatients. */
function inpatientRule(id: string, body: string): string {
  return `rule ${id} {\n  cite nice "section ${id}"\n  when setting is inpatient\n  ${body}\n}\n`;
}

const HOUR = 3_600_000;
const at = (msFromNow: number): string => new Date(Date.parse(NOW) + msFromNow).toISOString();
const hoursAgo = (hours: number): string => at(-hours * HOUR);

function inpatient(extra: ContextJson = {}): ContextJson {
  return { setting: "inpatient", patient: {}, ...extra };
}

function order(id: string, drug: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, status: "active", drug: { id: drug }, route: "iv", ...extra };
}

function culture(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, specimen: "urine", status: "final", susceptibilities: [], ...extra };
}

const result = (drug: string, value: "susceptible" | "intermediate" | "resistant") => ({ drug: { id: drug }, result: value });
const ecoli = { system: "http://snomed.info/sct", code: "112283007", display: "Escherichia coli" };
/** An IV order of a product the formulary does not list. */
const unlisted = { id: "o9", status: "active", drug: { code: { system: "https://dmd.nhs.uk", code: "999999" }, display: "Unlisted injection" }, route: "iv" };
const pneumoniaIndication = { system: "http://snomed.info/sct", code: "233604007", display: "Pneumonia" };

const temperature = (value: number, time: string) => ({ code: { system: "http://loinc.org", code: "8310-5" }, value, unit: "Cel", time });
const news2 = (value: number, time: string) => ({ code: { system: "http://snomed.info/sct", code: "1104051000000101" }, value, unit: "{score}", time });

function actionsOf<K extends DecisionAction["kind"]>(decision: Decision, kind: K): Extract<DecisionAction, { kind: K }>[] {
  return decision.actions.filter((a): a is Extract<DecisionAction, { kind: K }> => a.kind === kind);
}

describe("`for each course` (§25.1)", () => {
  const ir = compileHospital(
    eachRule("iv-course", "course", "course route is iv", `alert medium "{course drug} is given by {course route}" key iv-course\n  refer ams-team routine "Review {course drug}"`),
  );
  const orders = [
    order("o1", "amoxicillin", { drug: { id: "amoxicillin", display: "Amoxicillin 1 g injection" }, indications: [pneumoniaIndication] }),
    order("o2", "gentamicin", { status: "draft" }),
    order("o3", "amoxicillin", { route: "oral" }),
    order("o4", "gentamicin", { status: "completed" }),
  ];

  test("fires once for each current or draft order that matches, and the rule is listed once", () => {
    const decision = decide([ir], inpatient({ orders }));
    expect(fired(decision)).toEqual(["iv-course"]);
    expect(decision.alerts.map((a) => a.key)).toEqual(["iv-course@o1", "iv-course@o2"]);
    expect(actionsOf(decision, "refer").map((a) => a.concerns?.order?.id)).toEqual(["o1", "o2"]);
  });

  test("names the order it is about: id, formulary drug, name as ordered, route and coded indications", () => {
    const decision = decide([ir], inpatient({ orders }));
    expect(decision.alerts[0]!.concerns).toEqual({
      order: { id: "o1", drug: "amoxicillin", name: "Amoxicillin 1 g injection", route: "iv", indications: [pneumoniaIndication] },
    });
    expect(actionsOf(decision, "refer")[1]!.concerns).toEqual({ order: { id: "o2", drug: "gentamicin", name: "gentamicin", route: "iv", indications: [] } });
  });

  test("fills `{course drug}` with the formulary name in lower case, not the name as ordered", () => {
    const decision = decide([ir], inpatient({ orders }));
    expect(decision.alerts.map((a) => a.message)).toEqual(["amoxicillin is given by iv", "gentamicin is given by iv"]);
    expect(actionsOf(decision, "refer").map((a) => a.reason)).toEqual(["Review amoxicillin", "Review gentamicin"]);
  });

  test("an order whose drug is not in the formulary is named as ordered, with no formulary drug", () => {
    const decision = decide([ir], inpatient({ orders: [unlisted], allergies: [] }));
    // The order check says the unlisted product could not be checked, as it must for any order.
    expect(decision.alerts.map((a) => a.message)).toEqual([
      "Unlisted injection is given by iv",
      "Unlisted injection (order o9) is not in the formulary, so it was not checked for allergy, contraindications or culture resistance: check it by hand",
    ]);
    expect(decision.alerts[0]!.concerns).toEqual({ order: { id: "o9", name: "Unlisted injection", route: "iv", indications: [] } });
  });

  test("acknowledging the alert about one order leaves the alert about the other", () => {
    const decision = decide([ir], inpatient({ orders, acknowledgedAlerts: [{ key: "iv-course@o1", at: hoursAgo(1) }] }));
    expect(decision.alerts.map((a) => a.key)).toEqual(["iv-course@o2"]);
    expect(decision.suppressedAlerts.map((a) => [a.key, a.reason])).toEqual([["iv-course@o1", "acknowledged"]]);
  });

  test("with no current or draft orders it does not fire and asks for nothing", () => {
    const decision = decide([ir], inpatient({ orders: [order("o4", "gentamicin", { status: "stopped" })] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([]);
  });
});

describe("placeholders for the course and culture (§25.1)", () => {
  const courseText = "{course drug}|{course route}|{course start}|{course indication}|{course aware}|{course review}|{course reviewed}|{course next-review}";
  const ir = compileHospital(
    [
      eachRule("course-text", "course", "course route is iv", `advice "${courseText}"`),
      eachRule("culture-text", "culture", "culture specimen is blood", `advice "{culture organism}|{culture specimen}|{culture reported}|{culture collected}"`),
    ].join("\n"),
  );

  test("are filled from the order's record", () => {
    const recorded = order("o1", "amoxicillin", {
      start: "2026-06-13T08:00:00Z",
      indications: [pneumoniaIndication],
      review: { outcome: "continue", at: "2026-06-14T09:00:00Z", nextReview: "2026-06-16T09:00:00Z" },
    });
    const decision = decide([ir], inpatient({ orders: [recorded], microbiology: [] }));
    expect(decision.advice.map((a) => a.text)).toEqual(["amoxicillin|iv|2026-06-13T08:00:00Z|Pneumonia|access|continue|2026-06-14T09:00:00Z|2026-06-16T09:00:00Z"]);
  });

  test("say in words what the order does not record", () => {
    const decision = decide([ir], inpatient({ orders: [order("o1", "amoxicillin")], microbiology: [] }));
    expect(decision.advice.map((a) => a.text)).toEqual(["amoxicillin|iv|(start not recorded)|(no coded indication)|access|(not reviewed)|(not reviewed)|(not set)"]);
  });

  test("are filled from the culture's record, and say what it does not record", () => {
    const grown = culture("c1", { specimen: "blood", organism: ecoli, reported: "2026-06-14T10:00:00Z", collected: "2026-06-13T22:00:00Z" });
    const pending = culture("c2", { specimen: "blood", status: "pending" });
    const noGrowth = culture("c3", { specimen: "blood", noGrowth: true });
    const decision = decide([ir], inpatient({ orders: [], microbiology: [grown, pending, noGrowth] }));
    expect(decision.advice.map((a) => a.text)).toEqual([
      "Escherichia coli|blood|2026-06-14T10:00:00Z|2026-06-13T22:00:00Z",
      "(no organism reported)|blood|(not reported)|(collection time not recorded)",
      "no growth|blood|(not reported)|(collection time not recorded)",
    ]);
  });
});

describe("`for each culture` and `for each course and culture` (§25.1)", () => {
  const ir = compileHospital(
    [
      eachRule("blood-culture", "culture", "culture specimen is blood", `alert low "{culture specimen} culture grew {culture organism}" key blood`),
      eachRule("bug-drug-mismatch", "course and culture", "culture result for course drug is resistant", `alert high "{culture organism} is resistant to {course drug}" key mismatch`),
    ].join("\n"),
  );

  test("a culture rule names the culture, and its alert key the culture id", () => {
    const decision = decide([ir], inpatient({ orders: [], microbiology: [culture("c1", { specimen: "blood", organism: ecoli }), culture("c2")] }));
    expect(decision.alerts).toEqual([
      expect.objectContaining({ key: "blood@c1", message: "blood culture grew Escherichia coli", concerns: { culture: { id: "c1", specimen: "blood", organism: "Escherichia coli" } } }),
    ]);
  });

  test("a course-and-culture rule fires for each matching pair, naming both in its concerns and key", () => {
    const orders = [order("o1", "amoxicillin"), order("o2", "gentamicin")];
    const microbiology = [
      culture("c1", { organism: ecoli, susceptibilities: [result("amoxicillin", "resistant"), result("gentamicin", "susceptible")] }),
      culture("c2", { specimen: "sputum", susceptibilities: [result("amoxicillin", "resistant"), result("gentamicin", "resistant")] }),
    ];
    const decision = decide([ir], inpatient({ orders, microbiology }));
    const mismatches = decision.alerts.filter((a) => a.key.startsWith("mismatch@"));
    expect(mismatches.map((a) => a.key)).toEqual(["mismatch@o1+c1", "mismatch@o1+c2", "mismatch@o2+c2"]);
    expect(mismatches[0]!.message).toBe("Escherichia coli is resistant to amoxicillin");
    expect(mismatches[0]!.concerns).toEqual({
      order: { id: "o1", drug: "amoxicillin", name: "amoxicillin", route: "iv", indications: [] },
      culture: { id: "c1", specimen: "urine", organism: "Escherichia coli" },
    });
    expect(mismatches[2]!.concerns?.culture).toEqual({ id: "c2", specimen: "sputum" });
  });
});

describe("a `for each` rule when the list is not sent (§25.1)", () => {
  const ir = compileHospital(
    [
      eachRule("inpatient-iv", "course", "setting is inpatient and course route is iv", `advice "IV {course drug}"`),
      eachRule("any-iv", "course", "course route is iv", `advice "any IV {course drug}"`),
      eachRule("inpatient-blood", "culture", "setting is inpatient and culture specimen is blood", `advice "blood culture"`),
    ].join("\n"),
  );

  test("cannot be decided, and the list is asked for", () => {
    const decision = decide([ir], inpatient({ microbiology: [] }));
    expect(fired(decision)).toEqual([]);
    expect(ruleStatus([ir], inpatient({ microbiology: [] }), "inpatient-iv")).toBe("unknown");
    expect(missingKeys(decision)).toEqual(["list:orders"]);
    expect(decision.missingData[0]!.neededFor).toEqual([expect.stringContaining("rule inpatient-iv"), expect.stringContaining("rule any-iv")]);
  });

  test("is decided without the list when its condition is false whatever the course", () => {
    const context = { setting: "primary-care", patient: {} };
    expect(ruleStatus([ir], context, "inpatient-iv")).toBe("not-fired");
    expect(ruleStatus([ir], context, "inpatient-blood")).toBe("not-fired");
    expect(ruleStatus([ir], context, "any-iv")).toBe("unknown");
    expect(missingKeys(decide([ir], context))).toEqual(["list:orders"]);
  });

  test("a culture rule asks for the microbiology results", () => {
    const decision = decide([ir], inpatient({ orders: [] }));
    expect(ruleStatus([ir], inpatient({ orders: [] }), "inpatient-blood")).toBe("unknown");
    expect(missingKeys(decision)).toEqual(["list:microbiology"]);
  });
  test("`is known` of a course field is not decided by a course that is not there", () => {
    const known = compileHospital(eachRule("reviewed", "course", "setting is inpatient and course review is known", `advice "reviewed"`));
    expect(ruleStatus([known], inpatient({ microbiology: [] }), "reviewed")).toBe("unknown");
    expect(missingKeys(decide([known], inpatient({ microbiology: [] })))).toEqual(["list:orders"]);
    const unknownReview = compileHospital(eachRule("not-reviewed", "course", "setting is inpatient and course review is unknown", `advice "not reviewed"`));
    expect(ruleStatus([unknownReview], inpatient({ microbiology: [] }), "not-reviewed")).toBe("unknown");
  });
});

describe("a `for each course and culture` rule with one list sent and the other not", () => {
  const ir = compileHospital(eachRule("iv-pair", "course and culture", "setting is inpatient and course route is iv", `advice "pair {course drug}"`));
  const order = (route: string) => ({ id: "o1", status: "active", drug: { id: "amoxicillin" }, route });

  test("with no orders there is no pair, whatever the cultures: not fired, nothing asked for", () => {
    const context = inpatient({ orders: [] });
    expect(ruleStatus([ir], context, "iv-pair")).toBe("not-fired");
    expect(missingKeys(decide([ir], context))).toEqual([]);
  });

  test("with orders the condition is false for (an oral course), it is not fired without the cultures", () => {
    const context = inpatient({ orders: [order("oral")], allergies: [] });
    expect(ruleStatus([ir], context, "iv-pair")).toBe("not-fired");
    expect(missingKeys(decide([ir], context))).toEqual([]);
  });

  test("with an order it could fire for, it asks for the cultures only, not for the orders it was sent", () => {
    const context = inpatient({ orders: [order("iv")], allergies: [] });
    expect(ruleStatus([ir], context, "iv-pair")).toBe("unknown");
    expect(missingKeys(decide([ir], context))).toEqual(["list:microbiology"]);
  });
});

describe("reviews timed from the course start (§25.2)", () => {
  const ir = compileHospital(
    eachRule(
      "review-at-48-hours",
      "course",
      "setting is inpatient and course review is unknown",
      "review after 48 hours from course start overdue after 72 hours offering stop, switch-to-oral, change, continue, opat",
    ),
  );
  const START = "2026-06-12T12:00:00Z";
  const reviewAt = (now: string) => actionsOf(decide([ir], inpatient({ orders: [order("o1", "amoxicillin", { start: START })] }), { now }), "review");

  test.each([
    ["47 hours 59 minutes", "upcoming", "2026-06-14T11:59:00Z"],
    ["exactly 48 hours", "due", "2026-06-14T12:00:00Z"],
    ["60 hours", "due", "2026-06-15T00:00:00Z"],
    ["exactly 72 hours", "due", "2026-06-15T12:00:00Z"],
    ["72 hours and 1 ms", "overdue", "2026-06-15T12:00:00.001Z"],
  ] as const)("%s after the start the review is %s", (_, status, now) => {
    expect(reviewAt(now)).toEqual([
      {
        kind: "review",
        due: "2026-06-14T12:00:00Z",
        after: { value: 48, unit: "hours" },
        status,
        overdue: status === "overdue",
        overdueAt: "2026-06-15T12:00:00Z",
        outcomes: ["stop", "switch-to-oral", "change", "continue", "opat"],
        concerns: { order: { id: "o1", drug: "amoxicillin", name: "amoxicillin", route: "iv", indications: [] } },
        provenance: expect.objectContaining({ rule: "review-at-48-hours" }),
      },
    ]);
  });

  test("each order's review is timed from its own start", () => {
    const orders = [order("o1", "amoxicillin", { start: "2026-06-14T12:00:00Z" }), order("o2", "gentamicin", { start: "2026-06-10T12:00:00Z" })];
    const reviews = actionsOf(decide([ir], inpatient({ orders })), "review");
    expect(reviews.map((r) => [r.concerns?.order?.id, r.due, r.status])).toEqual([
      ["o1", "2026-06-16T12:00:00Z", "upcoming"],
      ["o2", "2026-06-12T12:00:00Z", "overdue"],
    ]);
  });

  test("a recorded review makes `course review` known, so the rule stops prompting", () => {
    const reviewed = order("o1", "amoxicillin", { start: START, review: { outcome: "continue", at: hoursAgo(2), nextReview: at(24 * HOUR) } });
    const decision = decide([ir], inpatient({ orders: [reviewed] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.actions).toEqual([]);
  });

  test("without a start the rule fires but gives no review, and asks for the start", () => {
    const decision = decide([ir], inpatient({ orders: [order("o1", "amoxicillin")], allergies: [] }));
    expect(fired(decision)).toEqual(["review-at-48-hours"]);
    expect(decision.actions).toEqual([]);
    expect(decision.missingData).toEqual([{ data: "order:o1:start", description: "start time of order o1", neededFor: [expect.stringContaining("rule review-at-48-hours")] }]);
  });
});

describe("reviews timed from the next review date (§25.2)", () => {
  const ir = compileHospital(eachRule("next-review", "course", "course review is continue", "review after 0 hours from course next-review overdue after 24 hours offering stop, continue"));
  const continued = (nextReview?: string) => order("o1", "amoxicillin", { review: { outcome: "continue", at: hoursAgo(48), ...(nextReview !== undefined ? { nextReview } : {}) } });

  test("`after 0 hours` is due at the next review date itself", () => {
    const reviews = actionsOf(decide([ir], inpatient({ orders: [continued(NOW)] })), "review");
    expect(reviews.map((r) => [r.due, r.status, r.overdueAt])).toEqual([[NOW, "due", "2026-06-16T12:00:00Z"]]);
  });

  test("before the next review date it is upcoming, a day after it overdue", () => {
    expect(actionsOf(decide([ir], inpatient({ orders: [continued(at(1))] })), "review")[0]!.status).toBe("upcoming");
    expect(actionsOf(decide([ir], inpatient({ orders: [continued(at(-24 * HOUR - 1))] })), "review")[0]!.status).toBe("overdue");
  });

  test("without a next review date the review cannot be timed, and the date is asked for", () => {
    const decision = decide([ir], inpatient({ orders: [continued()], allergies: [] }));
    expect(fired(decision)).toEqual(["next-review"]);
    expect(decision.actions).toEqual([]);
    expect(missingKeys(decision)).toEqual(["order:o1:next-review"]);
  });
});

describe("`highest` and `lowest … measured within` (§25.3)", () => {
  // Pairs of thresholds pin the value: `>= 38.5` true and `> 38.5` false means the highest is 38.5.
  const ir = compileHospital(
    [
      `rule highest-at-least {\n  cite nice\n  when highest temperature measured within 24 hours >= 38.5 °C\n  advice "h1"\n}\n`,
      `rule highest-above {\n  cite nice\n  when highest temperature measured within 24 hours > 38.5 °C\n  advice "h2"\n}\n`,
      `rule lowest-at-most {\n  cite nice\n  when lowest temperature measured within 24 hours <= 36.5 °C\n  advice "l1"\n}\n`,
      `rule lowest-below {\n  cite nice\n  when lowest temperature measured within 24 hours < 36.5 °C\n  advice "l2"\n}\n`,
    ].join("\n"),
  );
  const statuses = (observations: unknown[]) =>
    ["highest-at-least", "highest-above", "lowest-at-most", "lowest-below"].map((r) => ruleStatus([ir], inpatient({ observations }), r));

  test("are the highest and lowest results in the window", () => {
    expect(statuses([temperature(37, hoursAgo(2)), temperature(38.5, hoursAgo(10)), temperature(36.5, hoursAgo(20))])).toEqual(["fired", "not-fired", "fired", "not-fired"]);
  });

  test("a result exactly at the start of the window counts, one a millisecond earlier does not", () => {
    const observations = [temperature(37, hoursAgo(1)), temperature(38.5, hoursAgo(24)), temperature(36.5, hoursAgo(24)), temperature(40, at(-24 * HOUR - 1)), temperature(35, at(-24 * HOUR - 1))];
    expect(statuses(observations)).toEqual(["fired", "not-fired", "fired", "not-fired"]);
  });

  test("results recorded after the evaluation time are ignored", () => {
    expect(statuses([temperature(38.5, hoursAgo(3)), temperature(36.5, hoursAgo(4)), temperature(41, at(HOUR)), temperature(34, at(1))])).toEqual(["fired", "not-fired", "fired", "not-fired"]);
  });

  test("are unknown with no result in the window, asking for one measured within it", () => {
    const decision = decide([ir], inpatient({ observations: [temperature(39, hoursAgo(25))] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([{ data: "observation:temperature@24 hours", description: "Body temperature measured within 24 hours", neededFor: expect.any(Array) }]);
  });
});

describe("`trend of` (§25.3)", () => {
  const ir = compileHospital(
    ["falling", "rising", "steady"].map((word) => `rule ${word} {\n  cite nice\n  when trend of news2 is ${word}\n  advice "${word}"\n}\n`).join("\n") +
      `rule rising-today {\n  cite nice\n  when trend of news2 measured within 24 hours is rising\n  advice "rising today"\n}\n`,
  );
  const trend = (observations: unknown[]): string[] => fired(decide([ir], inpatient({ observations })));

  test.each([
    ["falling", 5, 3],
    ["rising", 3, 5],
    ["steady", 4, 4],
  ] as const)("is %s when the latest result (%i then %i) compares so with the one before", (word, before, latest) => {
    expect(trend([news2(before, hoursAgo(30)), news2(latest, hoursAgo(6))]).filter((r) => r !== "rising-today")).toEqual([word]);
  });

  test("compares the latest two results by time, whatever order they are sent in and whatever came before", () => {
    expect(trend([news2(2, hoursAgo(6)), news2(9, hoursAgo(60)), news2(6, hoursAgo(12))])).toEqual(["falling"]);
  });

  test("is unknown with a single result, asking for two", () => {
    const decision = decide([ir], inpatient({ observations: [news2(3, hoursAgo(2))] }));
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toContain("observation:news2:two-results");
    expect(decision.missingData.find((m) => m.data === "observation:news2:two-results")!.description).toBe("a second result of NEWS2 score, to see its trend");
  });

  test("`measured within` compares only results in the window", () => {
    expect(trend([news2(3, hoursAgo(20)), news2(5, hoursAgo(2))])).toEqual(["rising", "rising-today"]);
    const decision = decide([ir], inpatient({ observations: [news2(3, hoursAgo(30)), news2(5, hoursAgo(2))] }));
    expect(fired(decision)).toEqual(["rising"]);
    expect(missingKeys(decision)).toEqual(["observation:news2@24 hours:two-results"]);
    expect(decision.missingData[0]!.description).toBe("a second result of NEWS2 score measured within 24 hours, to see its trend");
  });
});

describe("`suggest oral-switch` (§25.4)", () => {
  const ir = compileHospital(eachRule("ivos", "course", "course route is iv", `suggest oral-switch "IVOS criteria met for {course drug}"`));

  test("names the course's own drug when it has an oral route", () => {
    const decision = decide([ir], inpatient({ orders: [order("o1", "amoxicillin")] }));
    expect(decision.actions).toEqual([
      {
        kind: "switch-to-oral",
        to: { id: "amoxicillin", name: "Amoxicillin", aware: "access" },
        reason: "IVOS criteria met for amoxicillin",
        concerns: { order: { id: "o1", drug: "amoxicillin", name: "amoxicillin", route: "iv", indications: [] } },
        provenance: expect.objectContaining({ rule: "ivos" }),
      },
    ]);
  });

  test("names the formulary's `oral-option` for a drug given only intravenously", () => {
    const decision = decide([ir], inpatient({ orders: [order("o2", "benzylpenicillin")] }));
    expect(actionsOf(decision, "switch-to-oral").map((a) => [a.to.id, a.reason])).toEqual([["amoxicillin", "IVOS criteria met for benzylpenicillin"]]);
  });

  test("with no oral route and no oral option, gives advice about that order instead of an action", () => {
    const decision = decide([ir], inpatient({ orders: [order("o3", "gentamicin")] }));
    expect(decision.actions).toEqual([]);
    expect(decision.advice).toEqual([
      { text: expect.stringContaining("No oral option for gentamicin"), concerns: { order: expect.objectContaining({ id: "o3" }) }, provenance: expect.objectContaining({ rule: "ivos" }) },
    ]);
  });

  test("suggests nothing for a drug that is not in the formulary", () => {
    const decision = decide([ir], inpatient({ orders: [unlisted] }));
    expect(fired(decision)).toEqual(["ivos"]);
    expect(decision.actions).toEqual([]);
    expect(decision.advice).toEqual([]);
  });
});

describe("`suggest de-escalation` (§25.4)", () => {
  const ir = compileHospital(
    eachRule("narrow", "course and culture", "course aware is watch or course drug is gentamicin", `suggest de-escalation "{culture specimen} culture: narrower than {course drug}"`),
  );
  const mixed = culture("c1", {
    specimen: "blood",
    susceptibilities: [
      result("trimethoprim", "susceptible"),
      result("ceftriaxone", "susceptible"),
      result("gentamicin", "susceptible"),
      result("cefalexin", "resistant"),
      result("nitrofurantoin", "intermediate"),
      result("amoxicillin", "susceptible"),
    ],
  });

  // Trimethoprim, oral only, is not named for these IV courses: stepping down to it is an oral switch, with its own criteria.
  test("names the Access drugs the culture is susceptible to that are given by the course's route, sorted, and no Watch drug", () => {
    const decision = decide([ir], inpatient({ orders: [order("o1", "meropenem")], microbiology: [mixed] }));
    expect(decision.actions).toEqual([
      {
        kind: "de-escalate",
        to: [
          { id: "amoxicillin", name: "Amoxicillin", aware: "access" },
          { id: "gentamicin", name: "Gentamicin", aware: "access" },
        ],
        reason: "blood culture: narrower than meropenem",
        concerns: { order: expect.objectContaining({ id: "o1", drug: "meropenem" }), culture: { id: "c1", specimen: "blood" } },
        provenance: expect.objectContaining({ rule: "narrow" }),
      },
    ]);
  });

  test("does not suggest the drug the course is already on", () => {
    const decision = decide([ir], inpatient({ orders: [order("o1", "gentamicin")], microbiology: [mixed] }));
    expect(actionsOf(decision, "de-escalate").map((a) => a.to.map((d) => d.id))).toEqual([["amoxicillin"]]);
  });

  test("suggests nothing when the culture shows no Access drug it is susceptible to", () => {
    const noAccess = culture("c2", { susceptibilities: [result("ceftriaxone", "susceptible"), result("amoxicillin", "resistant"), result("trimethoprim", "intermediate")] });
    const decision = decide([ir], inpatient({ orders: [order("o1", "meropenem")], microbiology: [noAccess] }));
    expect(fired(decision)).toEqual(["narrow"]);
    expect(decision.actions).toEqual([]);
  });
});

describe("a class's `members` (§25.5)", () => {
  const ir = compileHospital(
    [
      eachRule("restricted-agent", "course", "course drug in restricted", `refer ams-team routine "{course drug} is a restricted antimicrobial"`),
      inpatientRule(
        "treat",
        `first choice meropenem 1 g iv three times daily for 5 days
  second choice gentamicin 400 mg iv once daily for 3 days
  alternative choice ceftriaxone 1 g iv once daily for 5 days`,
      ),
      `rule allergic-to-restricted {\n  cite nice\n  when allergic to restricted\n  advice "restricted allergy"\n}\n`,
    ].join("\n"),
  );

  test("a drug the class lists is in the class, though the drug does not name it", () => {
    const orders = [order("o1", "meropenem"), order("o2", "ceftriaxone"), order("o3", "gentamicin")];
    const decision = decide([ir], inpatient({ allergies: [], orders }));
    expect(actionsOf(decision, "refer").map((a) => [a.concerns?.order?.id, a.reason])).toEqual([
      ["o1", "meropenem is a restricted antimicrobial"],
      ["o3", "gentamicin is a restricted antimicrobial"],
    ]);
  });

  test("an allergy to the class covers the drugs it lists", () => {
    const decision = decide([ir], inpatient({ allergies: [{ class: "restricted" }], orders: [] }));
    expect(decision.excluded.map((x) => [x.drug.id, x.because, x.reason])).toEqual([
      ["meropenem", "allergy", "allergy recorded: restricted"],
      ["gentamicin", "allergy", "allergy recorded: restricted"],
    ]);
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["ceftriaxone"]);
  });

  test("an allergy to a listed drug answers `allergic to` the class", () => {
    expect(ruleStatus([ir], inpatient({ allergies: [{ drug: "gentamicin" }], orders: [] }), "allergic-to-restricted")).toBe("fired");
    expect(ruleStatus([ir], inpatient({ allergies: [{ drug: "ceftriaxone" }], orders: [] }), "allergic-to-restricted")).toBe("not-fired");
  });
});

describe("cross-reactivity (§25.5)", () => {
  const treat = inpatientRule(
    "treat",
    `first choice cefalexin 500 mg oral twice daily for 5 days
  second choice trimethoprim 200 mg oral twice daily for 5 days`,
  );
  const ifImmediate = compileHospital(treat);
  const always = compileHospital(treat, "cross-reactive cephalosporins");
  const ifImmediateConfirmed = compileHospital(treat, "cross-reactive-if-immediate cephalosporins\n  immediate-reactions immediate-type");
  const withAllergies = (allergies: unknown[]) => inpatient({ allergies });
  const anaphylaxis = { system: "http://snomed.info/sct", code: "39579001" };
  const offered = (d: Decision): [string, readonly string[]][] => d.treatments.map((t) => [t.drug.id, t.cautions]);

  test("`cross-reactive` rules out the other class whatever the reaction", () => {
    for (const allergy of [{ class: "penicillins", severity: "mild", immediate: false }, { class: "penicillins" }]) {
      const decision = decide([always], withAllergies([allergy]));
      expect(decision.excluded.map((x) => [x.drug.id, x.because])).toEqual([["cefalexin", "allergy"]]);
      expect(decision.treatments.map((t) => t.drug.id)).toEqual(["trimethoprim"]);
      expect(decision.missingData).toEqual([]);
    }
    expect(decide([always], withAllergies([{ class: "penicillins", severity: "mild" }])).excluded[0]!.reason).toBe("allergy recorded: penicillins (mild); cephalosporins may cross-react");
  });

  test("`cross-reactive-if-immediate` rules out the other class after a reaction recorded as immediate, saying it may cross-react and is unconfirmed", () => {
    const decision = decide([ifImmediate], withAllergies([{ class: "penicillins", reaction: "wheeze and hives within minutes", immediate: true, severity: "moderate" }]));
    expect(decision.excluded).toEqual([
      {
        rank: "first",
        drug: { id: "cefalexin", name: "Cefalexin", aware: "access" },
        because: "allergy",
        reason: "allergy recorded: penicillins (wheeze and hives within minutes, immediate, moderate): an immediate-type reaction, after which cephalosporins may cross-react (not confirmed in a cited source: from the BNF monograph only)",
        provenance: expect.objectContaining({ rule: "treat" }),
      },
    ]);
  });

  test("a coded manifestation the class lists as immediate-type counts as an immediate reaction, whatever the severity", () => {
    const decision = decide([ifImmediateConfirmed], withAllergies([{ class: "penicillins", manifestations: [anaphylaxis] }]));
    expect(decision.excluded.map((x) => x.reason)).toEqual(["allergy recorded: penicillins (reaction coded 39579001): an immediate-type reaction, after which cephalosporins may cross-react"]);
    expect(decision.missingData).toEqual([]);
  });

  test("an immediate reaction to a drug in the class counts for the class", () => {
    const decision = decide([ifImmediate], withAllergies([{ drug: "amoxicillin", immediate: true }]));
    expect(decision.excluded.map((x) => x.drug.id)).toEqual(["cefalexin"]);
    expect(decision.excluded[0]!.reason).toContain("an immediate-type reaction, after which cephalosporins may cross-react");
  });

  test.each(["mild", "severe"])("a %s reaction recorded as not immediate offers the other class with a caution: severity alone decides nothing", (severity) => {
    const decision = decide([ifImmediate], withAllergies([{ class: "penicillins", severity, immediate: false }]));
    expect(decision.excluded).toEqual([]);
    expect(decision.withheld).toEqual([]);
    expect(offered(decision)).toEqual([
      ["cefalexin", [`allergy recorded: penicillins (${severity}), not immediate-type: cephalosporins are ruled out only after an immediate-type reaction (not confirmed in a cited source: from the BNF monograph only); check the reaction history`]],
      ["trimethoprim", []],
    ]);
    expect(decision.missingData).toEqual([]);
  });

  test("an intolerance never cross-reacts, even recorded as immediate: the other class is offered with a caution", () => {
    const decision = decide([ifImmediate], withAllergies([{ class: "penicillins", type: "intolerance", immediate: true, reaction: "nausea" }]));
    expect(decision.excluded).toEqual([]);
    expect(offered(decision)).toEqual([
      ["cefalexin", ["intolerance recorded: penicillins (nausea, immediate); an intolerance is not an allergy, so cephalosporins are not ruled out for cross-reactivity"]],
      ["trimethoprim", []],
    ]);
  });

  test("with the reaction type not recorded, the other class is withheld and whether the reaction was immediate-type is asked for", () => {
    const decision = decide([ifImmediate], withAllergies([{ class: "penicillins", severity: "severe", reaction: "rash" }]));
    expect(decision.excluded).toEqual([]);
    expect(decision.withheld.map((w) => w.drug.id)).toEqual(["cefalexin"]);
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["trimethoprim"]);
    expect(decision.missingData).toEqual([{ data: "allergy-reaction:penicillins", description: expect.stringContaining("penicillins"), neededFor: ["to rule out an allergy to cefalexin"] }]);
  });

  test("a reaction recorded as not immediate does not settle it while another covering allergy leaves the type unrecorded; an immediate one does", () => {
    expect(missingKeys(decide([ifImmediate], withAllergies([{ class: "penicillins", immediate: false }, { drug: "amoxicillin" }])))).toEqual(["allergy-reaction:penicillins"]);
    const immediate = decide([ifImmediate], withAllergies([{ drug: "amoxicillin" }, { class: "penicillins", immediate: true }]));
    expect(immediate.excluded.map((x) => x.drug.id)).toEqual(["cefalexin"]);
    expect(immediate.missingData).toEqual([]);
  });
});
