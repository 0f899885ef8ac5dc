// `pnpm fuzz` itself, on targets made to fail (test/fixtures/fuzz-targets): it counts what each
// target accepted and refused, finds a throw, a hang and a wrong accept, exits 1, writes each
// finding shrunk to a reproducer, and `--replay` runs a reproducer's input again.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { decodeInput } from "./fuzz/reproducer.js";

const root = resolve(import.meta.dirname, "..");
const out = mkdtempSync(join(tmpdir(), "steward-fuzz-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function fuzz(...args: string[]): Promise<{ code: number; stdout: string }> {
  const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, "--conditions=@steward/source", "test/fuzz/run.ts", ...args], { cwd: root, timeout: 120_000 });
    return { code: 0, stdout };
  } catch (e) {
    const failed = e as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

function reproducer(kind: string): { file: string; input: unknown } {
  const file = join(out, readdirSync(out).find((f) => f.includes(`-${kind}-`))!);
  return { file, input: (decodeInput(readFileSync(file, "utf8")) as { input: unknown }).input };
}

describe("pnpm fuzz", () => {
  test("finds a throw, a hang and a wrong accept, shrinks them, saves them, and replays them", async () => {
    const run = await fuzz("--dir", "test/fixtures/fuzz-targets", "--runs", "300", "--timeout", "1500", "--seed", "7", "--out", out);
    expect(run.code).toBe(1);
    const row = (name: string): string[] => run.stdout.split("\n").find((line) => line.startsWith(`${name} `))!.trim().split(/\s+/);
    // target, inputs, accepted, rejected, throws, hangs, wrong accepts
    const fine = row("fine");
    expect(fine.slice(0, 2)).toEqual(["fine", "300"]);
    expect(Number(fine[2]) + Number(fine[3])).toBe(300);
    expect(Number(fine[2])).toBeGreaterThan(0);
    expect(fine.slice(4, 7)).toEqual(["0", "0", "0"]);
    expect(row("throws").slice(4, 7)).toEqual(["1", "0", "0"]);
    expect(row("hangs").slice(4, 7)).toEqual(["0", "1", "0"]);
    expect(row("wrong-accept").slice(4, 7)).toEqual(["0", "0", "1"]);
    expect(run.stdout).toContain("RangeError: too big: 51");

    expect(readdirSync(out)).toHaveLength(3);
    expect(reproducer("throw").input).toBe(51);
    const wrong = reproducer("wrong-accept").input as string;
    expect(wrong).toContain("x");
    expect(wrong.length).toBeLessThanOrEqual(2);
    expect(reproducer("hang").input).toMatchObject({ n: 7 });

    const replayed = await fuzz("--replay", reproducer("throw").file);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain("still a throw: RangeError: too big: 51");
    const hang = await fuzz("--replay", reproducer("hang").file, "--timeout", "1000");
    expect(hang.code).toBe(1);
    expect(hang.stdout).toContain("still a hang");

    // Once the input no longer fails, the replay says so and succeeds.
    const fixed = reproducer("throw");
    writeFileSync(fixed.file, readFileSync(fixed.file, "utf8").replace('"input": 51', '"input": 50'));
    const passes = await fuzz("--replay", fixed.file);
    expect(passes).toEqual({ code: 0, stdout: expect.stringContaining("the input is now accepted") });
  }, 240_000);

  test("refuses an unknown target and a budget that is not a whole number", async () => {
    expect((await fuzz("--target", "no-such-target")).code).toBe(2);
    expect((await fuzz("--runs", "0")).code).toBe(2);
  }, 120_000);
});
