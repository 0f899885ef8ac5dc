/**
 * The browser host example (examples/browser-host) in a real headless Chromium (Debian's, never a
 * downloaded one), served under its strict Content-Security-Policy: it must show the Decision with
 * no console error, no failed request and no policy violation. A screenshot of each patient shown
 * is kept in test-artifacts/browser-host/ (git ignores it); the test prints where.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildBrowserHost } from "../examples/browser-host/build.js";
import { contentSecurityPolicy, serveBrowserHost } from "../examples/browser-host/serve.js";

const executablePath = "/usr/bin/chromium";
const available = existsSync(executablePath);
const repoRoot = resolve(import.meta.dirname, "..");
const artifacts = join(repoRoot, "test-artifacts/browser-host");

test("Chromium is installed where CI runs (.ci/run installs Debian's chromium)", () => {
  if (process.env["CI"] === "true") expect(existsSync(executablePath)).toBe(true);
});

describe.skipIf(!available)("the browser host example in headless Chromium under script-src 'self' (skipped without /usr/bin/chromium)", () => {
  const site = mkdtempSync(join(tmpdir(), "steward-browser-host-"));
  let server: Awaited<ReturnType<typeof serveBrowserHost>>;
  let browser: Browser;

  beforeAll(async () => {
    await buildBrowserHost(site);
    // A page that tries to evaluate a string, to show a policy violation would be caught.
    writeFileSync(join(site, "probe.html"), '<!doctype html><html><head><link rel="icon" href="favicon.svg"><script type="module" src="probe.js"></script></head><body></body></html>');
    writeFileSync(join(site, "probe.js"), 'try { new Function("return 1")(); } catch {}\ndocument.body.dataset.state = "ready";\n');
    server = await serveBrowserHost(site);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(site, { recursive: true, force: true });
  });

  /** Opens `path`, recording every console message, page error, failed request and error response. */
  async function open(path: string): Promise<{ page: Page; problems: string[]; csp: string | undefined }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const response = await page.goto(new URL(path, server.url).href);
    await page.waitForSelector('body[data-state="ready"], body[data-state="failed"]', { state: "attached", timeout: 60_000 });
    return { page, problems, csp: response?.headers()["content-security-policy"] };
  }

  /** Opens the page, chooses a patient, waits for a section of its Decision, and keeps a screenshot. */
  async function choose(file: string, section: string): Promise<{ page: Page; problems: string[]; decision: string }> {
    const { page, problems } = await open("/");
    await page.selectOption("#patient", file);
    await page.locator("#decision h2", { hasText: section }).waitFor({ timeout: 30_000 });
    await keep(page, file.replace(/\.json$/, ""));
    return { page, problems, decision: await page.innerText("#decision") };
  }

  async function keep(page: Page, name: string): Promise<void> {
    const file = join(artifacts, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`browser-host screenshot: ${file}\n`);
  }

  test("shows the decision for the 30-year-old woman with cystitis, with no console error and no policy violation", async () => {
    const { page, problems, csp } = await open("/");
    expect(csp).toBe(contentSecurityPolicy);
    expect(await page.getAttribute("body", "data-state")).toBe("ready");
    const decision = await page.innerText("#decision");
    expect(decision).toContain("Treatment options");
    expect(decision).toMatch(/First choice: Nitrofurantoin 100 mg modified-release oral twice daily for 3 days/);
    expect(decision).toContain("Back-up (delayed) prescription");
    expect(decision).toContain("NICE");
    expect(await page.innerText("#record")).toContain("female, born 1996-05-14");
    await keep(page, "01-woman-30-cystitis-egfr-80");
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  test("choosing the patient with an eGFR of 40 moves nitrofurantoin to Not offered, still without console errors", async () => {
    const { page, problems, decision } = await choose("02-woman-30-cystitis-egfr-40.json", "Not offered");
    expect(decision).toMatch(/\nNot offered\nNitrofurantoin \(first choice\): Nitrofurantoin with an eGFR below 45 mL\/min\/1\.73m2: NICE recommends it only if the eGFR is 45 or more: egfr < 45 mL\/min\/1\.73m2 \(egfr = 40 mL\/min\/1\.73m2 on 2026-10-01\) \[NICE NG109, tables 1 to 4/);
    const offered = decision.slice(decision.indexOf("Treatment options"), decision.indexOf("Not offered"));
    expect(offered).toContain("First choice: Trimethoprim");
    expect(offered).not.toContain("Nitrofurantoin");
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  test("the hospital patient's interruptive alert and actions are shown", async () => {
    const { page, problems, decision } = await choose("20-inpatient-sepsis-complex.json", "Actions");
    expect(await page.locator("#decision .alert").count()).toBe(1);
    expect(decision).toContain("refer to the antimicrobial stewardship team (routine): linezolid is a UK-AWaRe Reserve antibiotic");
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  test("the same policy reports a page that evaluates a string as code, so a violation would not go unseen", async () => {
    const { page, problems } = await open("/probe.html");
    expect(problems).toEqual(["console error: This document requires 'TrustedScript' assignment. The action has been blocked."]);
    await page.close();
  }, 90_000);
});
