/**
 * `steward report` end to end: the bundled synthetic population audited, a CDS Hooks feedback store
 * (a real SQLite file) read for override rates, and the HTML opened offline in a real headless
 * Chromium (Debian's). The page must load nothing, log no error, show every figure as SVG with its
 * SQL, and draw the national Access target. A screenshot is kept in
 * test-artifacts/surveillance-report/ (git ignores it); the test prints where.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromiumAvailable, launchChromium } from "./support/chromium.js";
import { run } from "@steward/cli";

const repoRoot = resolve(import.meta.dirname, "..");
const artifacts = join(repoRoot, "test-artifacts/surveillance-report");
const scratch = mkdtempSync(join(tmpdir(), "steward-report-"));
const audit = join(scratch, "audit");
const store = join(scratch, "feedback.sqlite");
const report = join(scratch, "report.html");

test("Chromium is installed where CI runs (.ci/run installs Debian's chromium)", () => {
  if (process.env["CI"] === "true") expect(chromiumAvailable).toBe(true);
});

beforeAll(async () => {
  const audited = await run(["audit", "--guidelines", join(repoRoot, "guidelines"), "--contexts", join(repoRoot, "examples/surveillance/population/contexts.ndjson"), "--as-of", "2026-07-01T00:00:00Z", "--out", audit, "--workers", "2"]);
  expect(audited.exitCode).toBe(0);
  // A feedback store as the CDS Hooks service keeps it: one row per card feedback.
  const db = new Database(store);
  db.exec("CREATE TABLE feedback (id INTEGER PRIMARY KEY, guideline TEXT NOT NULL, guideline_version TEXT NOT NULL, rule TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO feedback (guideline, guideline_version, rule, outcome, at) VALUES (?, ?, ?, ?, ?)");
  for (let i = 0; i < 10; i++) insert.run("coded-indication", "1.0.0", "diagnosis-before-prescription", i < 7 ? "overridden" : "accepted", "2026-03-01T10:00:00Z");
  for (let i = 0; i < 4; i++) insert.run("restricted-antimicrobials", "1.0.0", "reserve-antibiotic", i < 1 ? "overridden" : "accepted", "2026-03-02T10:00:00Z");
  db.close();
  const made = await run(["report", "--audit", audit, "--feedback", store, "--out", report]);
  expect(made).toMatchObject({ exitCode: 0, stderr: "" });
  expect(made.stdout).toBe(`report: ${report} (11 metrics from 1 audit, with override rates)\n`);
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the report's HTML", () => {
  test("is self-contained: no script, nothing fetched, and a policy that forbids fetching", () => {
    const html = readFileSync(report, "utf8");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  test("names each figure's SQL file and shows its SQL as written", () => {
    const html = readFileSync(report, "utf8");
    for (const name of ["coded-indication", "aware-access", "guideline-concordance", "review-72h", "ivos-stayed-iv", "alert-counts", "guideline-courses"]) {
      const sql = readFileSync(join(repoRoot, `packages/surveillance/metrics/${name}.sql`), "utf8");
      expect(html).toContain(`<summary>SQL: ${name}.sql</summary>`);
      expect(html).toContain(sql.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;"));
    }
  });

  test("a feedback store that is missing is skipped with a warning, and the report still made", async () => {
    const result = await run(["report", "--audit", audit, "--feedback", join(scratch, "no-store.sqlite"), "--out", join(scratch, "without.html")]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("warning[audit/unusable-feedback]: the feedback store");
    expect(readFileSync(join(scratch, "without.html"), "utf8")).toContain("No CDS Hooks feedback store was read: override rates are not shown.");
  });

  test("a directory that holds no audit is a usage error", async () => {
    const result = await run(["report", "--audit", scratch, "--out", join(scratch, "x.html")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("holds no audit (no orders.parquet, alerts.parquet, evaluations.parquet)");
  });
});

describe.skipIf(!chromiumAvailable)("the report in headless Chromium, offline (skipped without /usr/bin/chromium)", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    process.stdout.write(`surveillance report screenshot: ${join(artifacts, "report.png")}\n`);
  });

  test("shows every figure as SVG, the Access target and the override rates, loading nothing and logging no error", async () => {
    const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(`console ${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    const url = `file://${report}`;
    await page.goto(url);
    const figures = await page.locator("section[id^='figure-']").evaluateAll((sections) =>
      sections.map((s) => ({ id: s.id, svg: s.querySelector("figure svg")?.getBoundingClientRect().width ?? 0, marks: s.querySelectorAll("figure svg path, figure svg rect").length })),
    );
    expect(figures.map((f) => f.id)).toEqual([
      "figure-aware-access",
      "figure-coded-indication",
      "figure-duration-by-guideline",
      "figure-guideline-concordance",
      "figure-ivos-stayed-iv",
      "figure-prescribing-strategy",
      "figure-review-72h",
      "figure-unrecognised-diagnoses",
      "figure-alert-rates",
      "figure-override-rates",
    ]);
    for (const f of figures) {
      expect(f.svg, f.id).toBeGreaterThan(300);
      expect(f.marks, f.id).toBeGreaterThan(5);
    }
    expect(await page.locator("#figure-aware-access svg text", { hasText: "target 70.0%" }).count()).toBe(1);
    const overrides = await page.locator("#figure-override-rates table tbody tr").allTextContents();
    expect(overrides).toEqual(["coded-indication1.0.0diagnosis-before-prescription10770.0%", "restricted-antimicrobials1.0.0reserve-antibiotic4125.0%"]);
    await page.screenshot({ path: join(artifacts, "report.png"), fullPage: true });
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
