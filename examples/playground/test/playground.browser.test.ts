// The playground in a real headless Chromium (Debian's), served under its Content Security Policy:
// it works offline, shows a typed mistake's diagnostic, recomputes the Decision when a threshold
// changes, and restores the whole state from a shared link. Screenshots are kept in
// test-artifacts/ (gitignored); the path is printed at the end.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildPlayground } from "../scripts/build.js";
import { servePlayground, type PlaygroundServer } from "../scripts/serve.js";

const chromiumPath = "/usr/bin/chromium";
const artifacts = resolve(import.meta.dirname, "../test-artifacts");
const available = existsSync(chromiumPath);
if (!available && process.env["CI"] === "true") throw new Error(`${chromiumPath} is missing: CI installs it (apt-get install -y chromium)`);
if (!available) process.stdout.write(`skipping the playground browser tests: ${chromiumPath} is not installed (apt-get install -y chromium)\n`);

let server: PlaygroundServer;
let browser: Browser;
/** Console errors, page errors and requests to other origins, per page. */
const problems = new Map<Page, string[]>();

beforeAll(async () => {
  if (!available) return;
  mkdirSync(artifacts, { recursive: true });
  await buildPlayground();
  server = await servePlayground();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  if (!available) return;
  await browser?.close();
  await server?.close();
  process.stdout.write(`playground screenshots: ${artifacts}\n`);
});

async function open(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on("console", (m) => m.type() === "error" && seen.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => seen.push(`page error: ${e.message}`));
  page.on("request", (r) => !r.url().startsWith(server.url) && !r.url().startsWith("data:") && seen.push(`request to another origin: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector("#decision[data-outcome]");
  return page;
}

/** The visible rule file editor's line holding `text`. */
const line = (page: Page, text: string) => page.locator(".file-view:not([hidden]) .cm-line", { hasText: text });

/** Puts the cursor at the end of the line holding `text` and replaces its last `remove` characters with `insert`. */
async function retype(page: Page, text: string, remove: number, insert: string): Promise<void> {
  await line(page, text).click();
  await page.keyboard.press("End");
  for (let i = 0; i < remove; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type(insert);
  await page.keyboard.press("Escape");
}

/** Scrolls the visible editor until the line holding `text` is drawn (CodeMirror draws only what is in view). */
async function scrollTo(page: Page, text: string): Promise<void> {
  const scroller = page.locator(".file-view:not([hidden]) .cm-scroller");
  for (let i = 0; i < 50 && (await line(page, text).count()) === 0; i++) await scroller.evaluate((el) => el.scrollBy(0, 300));
  await line(page, text).first().scrollIntoViewIfNeeded();
}

/** Moves the mouse onto `word` in the line holding `text`, as a person would hover it. */
async function hoverWord(page: Page, text: string, word: string): Promise<void> {
  const box = await line(page, text)
    .first()
    .evaluate((element, wanted) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(wanted) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
      return undefined;
    }, word);
  if (box === undefined) throw new Error(`\`${word}\` is not on the line`);
  await page.mouse.move(box.x - 2, box.y);
  await page.mouse.move(box.x, box.y);
}

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage: true });

describe.skipIf(!available)("the playground in Chromium", () => {
  test("loads with no network and no policy violation, and shows the first patient's Decision as a prescriber reads it", async () => {
    const page = await open(server.url);
    const decision = page.locator("#decision");
    await expect.poll(() => decision.getAttribute("data-outcome")).toBe("decided");
    const firstChoice = decision.locator('[data-section="Treatment options — first choice"]');
    await expect.poll(() => firstChoice.textContent()).toContain("Nitrofurantoin 100 mg modified-release oral twice daily for 3 days");
    expect(await firstChoice.textContent()).toContain("Trimethoprim 200 mg oral twice daily for 3 days");
    expect(await page.locator("#trace").textContent()).toContain("non-pregnant-women");
    await shot(page, "01-loaded");
    expect(problems.get(page)).toEqual([]);
    expect(server.violations).toEqual([]);
    await page.context().close();
  });

  test("a typed mistake shows its diagnostic from the language server in the worker, with the did-you-mean hint", async () => {
    const page = await open(server.url);
    await scrollTo(page, "define uti-diagnosis");
    await retype(page, "define uti-diagnosis", "uti-site-not-specified".length, "uti-site-not-specifed");
    const underline = page.locator(".file-view:not([hidden]) .cm-lintRange-error");
    await underline.first().waitFor();
    expect(await underline.first().textContent()).toBe("uti-site-not-specifed");
    await underline.first().hover();
    const tooltip = page.locator(".cm-tooltip-lint");
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain("did you mean `uti-site-not-specified`?");
    await expect.poll(() => page.locator("#decision").textContent()).toContain("check/unresolved-name");
    await shot(page, "02-typed-mistake");
    expect(problems.get(page)).toEqual([]);
    await page.context().close();
  });

  test("hovering a drug shows its formulary facts from the language server", async () => {
    const page = await open(server.url);
    await scrollTo(page, "first choice trimethoprim 200 mg");
    await hoverWord(page, "first choice trimethoprim 200 mg", "trimethoprim");
    const tooltip = page.locator(".cm-tooltip-hover");
    await tooltip.waitFor();
    await expect.poll(() => tooltip.textContent()).toContain("UK-AWaRe: Access");
    await shot(page, "03-hover");
    await page.context().close();
  });

  let sharedUrl = "";
  let sharedDecision = "";

  test("changing a threshold in the formulary changes the Decision: at eGFR 40, nitrofurantoin is excluded below 45 and offered below 30", async () => {
    const page = await open(server.url);
    await page.selectOption("#patient", "02-woman-30-cystitis-egfr-40.json");
    const decision = page.locator("#decision");
    const notOffered = decision.locator('[data-section="Not offered"]');
    await expect.poll(() => notOffered.textContent()).toContain("Nitrofurantoin");
    expect(await decision.locator('[data-section="Treatment options — first choice"]').textContent()).not.toContain("Nitrofurantoin");
    await shot(page, "04-threshold-45");

    await page.selectOption("#file", "/guidelines/formulary.stw");
    await scrollTo(page, "when egfr < 45 mL/min/1.73m2");
    await retype(page, "when egfr < 45 mL/min/1.73m2", "45 mL/min/1.73m2".length, "30 mL/min/1.73m2");
    const firstChoice = decision.locator('[data-section="Treatment options — first choice"]');
    await expect.poll(() => firstChoice.textContent()).toContain("Nitrofurantoin 100 mg modified-release oral twice daily for 3 days");
    expect(await notOffered.count()).toBe(0);
    await shot(page, "05-threshold-30");
    await expect.poll(() => page.url()).toContain("#s=");
    sharedUrl = page.url();
    sharedDecision = (await decision.textContent()) ?? "";
    expect(problems.get(page)).toEqual([]);
    await page.context().close();
  });

  test("a shared link restores the edited rule file, the patient and the Decision in a new browser", async () => {
    expect(sharedUrl).toContain("#s=");
    const page = await open(sharedUrl);
    await expect.poll(() => page.locator("#decision").textContent()).toBe(sharedDecision);
    await scrollTo(page, "when egfr < 30 mL/min/1.73m2");
    expect(await line(page, "when egfr < ").textContent()).toBe("  when egfr < 30 mL/min/1.73m2");
    expect(await page.inputValue("#patient")).toBe("02-woman-30-cystitis-egfr-40.json");
    expect(await page.inputValue("#now")).toBe("2026-11-25T09:00:00Z");
    await shot(page, "06-restored");
    expect(problems.get(page)).toEqual([]);
    await page.context().close();
  });

  test("a damaged link says so and opens the bundled state", async () => {
    const page = await open(`${server.url}#s=not-a-real-state`);
    expect(await page.locator("#status").textContent()).toContain("the link's state is damaged");
    await expect.poll(() => page.locator("#decision").getAttribute("data-outcome")).toBe("decided");
    await page.context().close();
  });

  test("nothing in any page broke the Content Security Policy (no eval, no new Function, no foreign script)", () => {
    expect(server.violations).toEqual([]);
  });
});
