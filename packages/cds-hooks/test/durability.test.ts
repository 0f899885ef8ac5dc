// Feedback kept in the SQLite file survives a restart of `steward serve` and a kill -9 in the middle
// of writes: the real command runs in a child process, on loopback, in development mode.
import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import { bundledGuidelines } from "../../../test/support/guidelines.js";
import { FeedbackStore } from "../src/server/index.js";
import { spawnServe } from "./support/serve-process.js";
import { temporaryFolder } from "./support/service.js";
import { expectValidResponse } from "./support/valid-cards.js";

const folder = temporaryFolder();
const database = join(folder, "feedback.sqlite");
for (const g of bundledGuidelines()) writeFileSync(join(folder, `${g.guideline.id}.ir.json`), JSON.stringify(g));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts `steward serve` on the test's guidelines and file, on a free port, in development mode. */
async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const started = await spawnServe(["--guidelines", folder, "--dev", "--port", "0", "--database", database]);
  children.add(started.child);
  started.child.on("exit", () => children.delete(started.child));
  return started;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  child.kill(signal);
  await exited;
}

const patientId = "durable-1";
const request = {
  hook: "patient-view",
  hookInstance: "5b0d3a52-8d5e-4c1e-9f4e-8a1f1f3e2b10",
  context: { patientId, userId: "Practitioner/gp1" },
  prefetch: {
    patient: { resourceType: "Patient", id: patientId, birthDate: "1996-05-14", gender: "female" },
    encounter: { resourceType: "Encounter", id: "e1", status: "in-progress", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMP" }, subject: { reference: `Patient/${patientId}` }, period: { start: "2000-01-01T00:00:00Z" } },
    conditions: { resourceType: "Bundle", type: "searchset", entry: [{ resource: { resourceType: "Condition", id: "c1", subject: { reference: `Patient/${patientId}` }, clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] }, code: { coding: [{ system: "http://snomed.info/sct", code: "38822007" }] }, recordedDate: "2000-01-01" } }] },
    allergies: null,
    observations: null,
    "medication-requests": null,
    "medication-statements": null,
    "medication-administrations": null,
    "diagnostic-reports": null,
    "detected-issues": null,
  },
};
const post = async (url: string, path: string, body: unknown) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("feedback given before a restart still hides the card and counts in the override rates after it", async () => {
  const first = await serve();
  const answer = (await (await post(first.url, "/cds-services/steward-patient-view", request)).json()) as { cards: { uuid: string; summary: string }[] };
  const card = expectValidResponse(answer).cards[0]!;
  const feedback = { feedback: [{ card: card.uuid, outcome: "overridden", outcomeTimestamp: new Date().toISOString() }] };
  expect((await post(first.url, "/cds-services/steward-patient-view/feedback", feedback)).status).toBe(200);
  await stop(first.child, "SIGTERM");

  const second = await serve();
  const again = (await (await post(second.url, "/cds-services/steward-patient-view", { ...request, hookInstance: "5b0d3a52-8d5e-4c1e-9f4e-8a1f1f3e2b11" })).json()) as { cards: { summary: string }[] };
  expect(expectValidResponse(again).cards.map((c) => c.summary)).not.toContain(card.summary);
  const rates = (await (await fetch(`${second.url}/steward/override-rates`)).json()) as { rates: { overridden: number; shown: number }[] };
  expect(rates.rates.reduce((n, r) => n + r.overridden, 0)).toBe(1);
  await stop(second.child, "SIGTERM");
}, 120_000);

test("a kill -9 in the middle of feedback writes loses nothing the service answered, and leaves no half-written feedback", async () => {
  const before = countFeedback();
  const { url, child } = await serve();
  const acknowledged: number[] = [];
  let killed = false;
  // Batches of five pieces of feedback, each batch one request and one transaction; the process is killed while they are in flight.
  const sent = Array.from({ length: 400 }, async (_, batch) => {
    await new Promise((r) => setTimeout(r, batch * 2));
    const body = { feedback: Array.from({ length: 5 }, (_, i) => ({ card: `00000000-0000-8000-8000-${String(batch * 5 + i).padStart(12, "0")}`, outcome: "overridden", overrideReason: { userComment: `batch ${batch}` }, outcomeTimestamp: new Date().toISOString() })) };
    try {
      const response = await post(url, "/cds-services/steward-patient-view/feedback", body);
      if (response.status === 200) acknowledged.push(batch);
      if (acknowledged.length === 100 && !killed) {
        killed = true;
        child.kill("SIGKILL");
      }
    } catch {
      // the connection died with the process
    }
  });
  await Promise.all(sent);
  expect(killed).toBe(true);

  const db = new Database(database, { readonly: true });
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  const batches = db.prepare<[], { comment: string; n: number }>("SELECT user_comment AS comment, count(*) AS n FROM feedback WHERE user_comment LIKE 'batch %' GROUP BY user_comment").all();
  db.close();
  const stored = new Map(batches.map((b) => [Number(b.comment.slice("batch ".length)), b.n]));
  // Every batch the service answered is there, whole; no batch is there in part.
  for (const batch of acknowledged) expect([batch, stored.get(batch)]).toEqual([batch, 5]);
  for (const [batch, n] of stored) expect([batch, n]).toEqual([batch, 5]);
  expect(countFeedback()).toBe(before + 5 * stored.size);

  // And the service starts again on the same file.
  const again = await serve();
  expect((await fetch(`${again.url}/cds-services`)).status).toBe(200);
  await stop(again.child, "SIGTERM");
}, 120_000);

function countFeedback(): number {
  const store = new FeedbackStore(database);
  try {
    return store.feedbackCount();
  } finally {
    store.close();
  }
}
