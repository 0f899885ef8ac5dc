import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { plainEnvironment } from "../src/io.js";
import { progressLine, type Progress } from "../src/progress.js";
import { run } from "../src/run.js";
import { colours, plain, styleFor } from "../src/style.js";
import { guidelinesDir, guidelineWithErrors, repoRoot, tempDir } from "./temp-dir.js";

const ansi = /\u001b\[\d+m/;

describe("colour", () => {
  test("is used only for a terminal, and never when NO_COLOR is set to anything or the terminal is dumb", async () => {
    expect(styleFor(true, {})).toBe(colours);
    expect(styleFor(false, {})).toBe(plain);
    expect(styleFor(true, { NO_COLOR: "1" })).toBe(plain);
    expect(styleFor(true, { NO_COLOR: "" })).toBe(colours);
    expect(styleFor(true, { TERM: "dumb" })).toBe(plain);
  });

  test("marks a diagnostic's severity and caret when standard output is coloured, and only then", async () => {
    const dir = tempDir();
    try {
      const file = dir.write("errors.stw", guidelineWithErrors);
      const coloured = await run(["check", file], plainEnvironment({ style: { stdout: colours, stderr: plain } }));
      expect(coloured.stdout).toContain(`${colours.bold(colours.red("error[check/unit-dimension]"))}: `);
      expect(coloured.stdout).toMatch(/\u001b\[31m\^+\u001b\[39m/);
      const uncoloured = await run(["check", file]);
      expect(uncoloured.stdout).not.toMatch(ansi);
      expect(uncoloured.stdout.replace(/\u001b\[\d+m/g, "")).toBe(uncoloured.stdout);
      expect(coloured.stdout.replace(/\u001b\[\d+m/g, "")).toBe(uncoloured.stdout);
    } finally {
      dir.remove();
    }
  });
});

describe("progress", () => {
  function recorder(): { readonly progress: () => Progress; readonly updates: string[]; readonly finished: () => number } {
    const updates: string[] = [];
    let done = 0;
    return { progress: () => ({ update: (text) => updates.push(text), done: () => done++ }), updates, finished: () => done };
  }

  test("steward test reports each scenario file as it runs it, then clears the line", async () => {
    const seen = recorder();
    const result = await run(["test", join(guidelinesDir, "ng109-lower-uti")], plainEnvironment({ progress: seen.progress }));
    expect(result.exitCode).toBe(0);
    expect(seen.updates.length).toBeGreaterThan(3);
    expect(seen.updates[0]).toMatch(/^test: 1\/\d+ files \(.*\.test\.stw\)$/);
    expect(seen.finished()).toBe(1);
    expect(result.stderr).toBe("");
  });

  test("steward eval over a directory reports each patient", async () => {
    const seen = recorder();
    (await run(["eval", "--guidelines", guidelinesDir, "--patient", join(repoRoot, "examples/patients"), "--now", "2026-11-25T09:00:00Z"], plainEnvironment({ progress: seen.progress })));
    expect(seen.updates[0]).toMatch(/^eval: 1\/\d+ patients \(examples\/patients\/01-/);
    expect(seen.finished()).toBe(1);
  });

  test("steward analyze reports the patients it has evaluated", async () => {
    const seen = recorder();
    (await run(["analyze", join(guidelinesDir, "coded-indication")], plainEnvironment({ progress: seen.progress })));
    expect(seen.updates.at(-1)).toMatch(/^analyze: 1\/1 coded-indication, [\d,]+ patients evaluated$/);
  });

  test("a progress line rewrites itself at most ten times a second and is cleared at the end", async () => {
    const written: string[] = [];
    let now = 0;
    const line = progressLine({ write: (text: string) => written.push(text) }, () => now);
    line.update("one");
    now = 50;
    line.update("skipped");
    now = 150;
    line.update("two");
    line.done();
    expect(written).toEqual(["\r\u001b[2Kone", "\r\u001b[2Ktwo", "\r\u001b[2K"]);
  });
});
