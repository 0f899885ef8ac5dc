// Every command that reads rule files (check, fmt, compile, test, analyze, diff, eval's --guidelines)
// answers any rule file with located diagnostics and its documented exit code, never a stack trace,
// and reads nothing but regular files of bounded size inside the guideline folder.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { repoRoot, tempDir, validGuideline } from "./temp-dir.js";

const dir = tempDir();
afterAll(() => dir.remove());

/** True when the output shows an exception escaping: a stack frame or the name of an error class. */
function crashed(result: { stdout: string; stderr: string }): boolean {
  return /RangeError|TypeError|Maximum call stack|\n\s+at [\w$.<>]+ \(/.test(`${result.stdout}\n${result.stderr}`);
}

const deep = validGuideline.replace("when egfr >= 45 mL/min/1.73m2", `when ${"(".repeat(350)}egfr >= 45 mL/min/1.73m2${")".repeat(350)}`);
const manyNots = validGuideline.replace("when egfr >= 45 mL/min/1.73m2", `when ${"not ".repeat(2000)}egfr >= 45 mL/min/1.73m2`);
const chained = `${validGuideline}\n${Array.from({ length: 500 }, (_, i) => `define d${i} = d${i + 1}`).join("\n")}\ndefine d500 = egfr >= 45 mL/min/1.73m2\n`;
const hugeNumber = validGuideline.replace("when egfr >= 45 mL/min/1.73m2", `when egfr >= ${"9".repeat(401)} mL/min/1.73m2`);

describe("hostile rule files through every command", () => {
  const cases: [string, string][] = [
    ["350 nested brackets", deep],
    ["2,000 chained `not`", manyNots],
    ["500 defines declared after their use", chained],
    ["a 401-digit number", hugeNumber],
  ];

  test.each(cases)("%s: check, compile, fmt, analyze, diff and eval report located diagnostics and exit as documented", async (_, text) => {
    const file = dir.write(`hostile-${text.length}.stw`, text);
    const results = {
      check: await run(["check", file]),
      compile: await run(["compile", file]),
      analyze: await run(["analyze", file]),
      diff: await run(["diff", file, file]),
      eval: await run(["eval", "--guidelines", file, "--patient", join(repoRoot, "examples/patients/07-man-45-lower-uti.json"), "--now", "2026-11-25T09:00:00Z"]),
    };
    for (const [command, result] of Object.entries(results)) {
      expect([command, crashed(result)]).toEqual([command, false]);
      expect([command, result.exitCode]).toEqual([command, command === "eval" ? 2 : 1]);
      expect([command, `${result.stdout}${result.stderr}`]).toEqual([command, expect.stringMatching(/error\[(parse|check)\/[a-z-]+\]: .*\n {2}--> .*:\d+:\d+/)]);
    }
    const fmt = await run(["fmt", "--check", file]);
    expect(crashed(fmt)).toBe(false);
    // A file with syntax errors is never rewritten; one that only fails checks is formatted as usual.
    expect(fmt.exitCode).toBe(text === deep || text === manyNots ? 1 : fmt.exitCode);
  });

  test("test: a scenario file testing a hostile guideline reports its diagnostics and exits 1", async () => {
    const sub = join(dir.path, "scenarios");
    mkdirSync(sub);
    dir.write("scenarios/deep.stw", deep);
    const file = dir.write("scenarios/deep.test.stw", 'tests "deep.stw" at 2026-11-25T09:00:00Z\n\nscenario "anyone" {\n  given {\n    sex male\n  }\n  expect {\n    no rule fires\n  }\n}\n');
    const result = await run(["test", file]);
    expect(crashed(result)).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error[parse/too-deep]");
  });
});

describe("only regular files of bounded size inside the guideline folder are read", () => {
  const importing = (path: string): string => `import "${path}"\n${validGuideline}`;

  test("an import of a named pipe is refused at once, without waiting on the pipe", async () => {
    execFileSync("mkfifo", [join(dir.path, "pipe.stw")]);
    const result = await run(["check", dir.write("imports-pipe.stw", importing("pipe.stw"))]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("error[check/import-not-found]: cannot read the imported file `pipe.stw`: it is a named pipe, not a regular file");
  });

  test("a named pipe named on the command line is refused with exit 2, by check, compile and fmt", async () => {
    const pipe = join(dir.path, "pipe-operand.stw");
    execFileSync("mkfifo", [pipe]);
    for (const args of [["check", pipe], ["compile", pipe], ["fmt", pipe]]) {
      const result = await run(args);
      expect([args[0], result.exitCode]).toEqual([args[0], 2]);
      expect(`${result.stdout}${result.stderr}`).toContain("it is a named pipe, not a regular file");
    }
  });

  test("a directory named like a rule file is refused, not read", async () => {
    mkdirSync(join(dir.path, "folder.stw"));
    const result = await run(["check", dir.write("imports-folder.stw", importing("folder.stw"))]);
    expect(result.stdout).toContain("cannot read the imported file `folder.stw`: it is a directory, not a regular file");
  });

  test("a link to /dev/zero is refused: it leads out of the folder, and with the whole disk as the folder it is a device", async () => {
    symlinkSync("/dev/zero", join(dir.path, "zero.stw"));
    const file = dir.write("imports-zero.stw", importing("zero.stw"));
    expect((await run(["check", file])).stdout).toContain("cannot read the imported file `zero.stw`: it leads outside the guideline folder");
    expect((await run(["check", "--root", "/", file])).stdout).toContain("cannot read the imported file `zero.stw`: it is a device, not a regular file");
  });

  test('`import "/etc/passwd"`, and a link to it named like a rule file, show nothing of the file', async () => {
    symlinkSync("/etc/passwd", join(dir.path, "passwd.stw"));
    const absolute = await run(["check", dir.write("imports-passwd.stw", importing("/etc/passwd"))]);
    expect(absolute.stdout).toContain("error[check/path-outside-root]: `/etc/passwd` is an absolute path");
    const linked = await run(["check", dir.write("imports-passwd-link.stw", importing("passwd.stw"))]);
    expect(linked.stdout).toContain("it leads outside the guideline folder");
    for (const result of [absolute, linked]) expect(`${result.stdout}${result.stderr}`).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
  });

  test("a file larger than the file size limit is refused from its size; --limit raises the limit", async () => {
    const file = dir.write("sized.stw", validGuideline);
    const refused = await run(["check", "--limit", "fileSize=100", file]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stdout).toContain(`has ${Buffer.byteLength(validGuideline)} bytes, more than the 100 a file may have`);
    expect((await run(["check", "--limit", "fileSize=100000", file])).exitCode).toBe(0);
    const bad = await run(["check", "--limit", "size=3", file]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("There is no limit `size`");
  });

  test("--root keeps imports inside it, and a file named outside it is refused with exit 2", async () => {
    const inner = join(dir.path, "inner");
    mkdirSync(inner);
    dir.write("outside.stw", 'finding outside "Outside"\n');
    const file = dir.write("inner/main.stw", importing("../outside.stw"));
    const result = await run(["check", "--root", inner, file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("error[check/path-outside-root]: `../outside.stw` is outside the guideline folder");
    // Named outside the working folder, a file's own folder is the guideline folder unless --root widens it.
    expect((await run(["check", file])).stdout).toContain("error[check/path-outside-root]");
    expect((await run(["check", "--root", dir.path, file])).stdout).not.toContain("path-outside-root");
    const outside = await run(["check", "--root", inner, join(dir.path, "outside.stw")]);
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr).toContain("is outside the guideline folder");
  });
});

describe("diagnostics of unusual rule files are shown right", () => {
  test("a file with lone carriage returns puts the mistake on its own line, and shows only that line", async () => {
    const text = validGuideline.replace("when egfr >= 45 mL/min/1.73m2", "when egfr >= 45 mg").replaceAll("\n", "\r");
    const result = await run(["check", dir.write("carriage-returns.stw", text)]);
    expect(result.stdout).toContain("26 |   when egfr >= 45 mg\n");
    expect(result.stdout).toMatch(/carriage-returns\.stw:26:16/);
  });

  test("a byte order mark changes no line or column", async () => {
    const text = validGuideline.replace("when egfr >= 45 mL/min/1.73m2", "when egfr >= 45 mg");
    expect((await run(["check", dir.write("bom.stw", `\uFEFF${text}`)])).stdout).toMatch(/bom\.stw:26:16/);
  });

  test("a mistake in a very long line shows a window of the line around it, not the whole line", async () => {
    const text = validGuideline.replace('title "NICE"', `title "NICE${" ".repeat(5000)}" url "nice.org.uk"`);
    const result = await run(["check", "--limit", "stringLength=100000", dir.write("long-line.stw", text)]);
    expect(result.stdout).toContain("error[check/invalid-url]");
    expect(Math.max(...result.stdout.split("\n").map((l) => l.length))).toBeLessThan(200);
  });
});
