import { describe, expect, test } from "vitest";
import { run } from "../src/run.js";

const commands = ["check", "compile", "fmt", "eval", "explain", "test", "diff", "analyze"];

describe("steward help", () => {
  test("`steward --help` lists every command and exits 0; `steward` alone prints it and exits 2", () => {
    const help = run(["--help"]);
    expect(help.exitCode).toBe(0);
    for (const c of commands) expect(help.stdout).toMatch(new RegExp(`^  ${c} +\\S`, "m"));
    expect(run([]).exitCode).toBe(2);
  });

  test.each(commands)("`steward %s --help` prints what the command does and its usage, exits 0 and does nothing else", (command) => {
    const result = run([command, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`usage: steward ${command} `);
    expect(result.stdout.split("\n")[0]!.length).toBeGreaterThan(10);
  });

  test("an unknown command is bad usage (exit 2) and names the command", () => {
    const result = run(["evaluate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown command `evaluate`");
  });
});
