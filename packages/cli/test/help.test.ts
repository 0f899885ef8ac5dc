import { readFileSync } from "node:fs";
import { IR_VERSION } from "@steward/core";
import { describe, expect, test } from "vitest";
import { commands, run } from "../src/run.js";

const names = ["check", "fmt", "compile", "eval", "explain", "test", "analyze", "diff", "serve", "feedback", "audit", "report"];
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("steward help", () => {
  test("`steward --help` lists every command and exits 0; `steward` alone prints it on standard error and exits 2", async () => {
    const help = await run(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(commands.map((c) => c.name)).toEqual(names);
    for (const c of names) expect(help.stdout).toMatch(new RegExp(`^  ${c} .*  \\S`, "m"));
    const bare = await run([]);
    expect(bare.exitCode).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toContain("Commands:");
  });

  test("`steward --version` prints the package version and the IR version it compiles and evaluates", async () => {
    for (const flag of ["--version", "-V"]) expect(await run([flag])).toEqual({ exitCode: 0, stdout: `steward ${version} (IR version ${IR_VERSION})\n`, stderr: "" });
  });

  test.each(names)("`steward %s --help` prints what the command does, its usage, every option, its exit codes and an example, and exits 0", async (name) => {
    const command = commands.find((c) => c.name === name)!;
    for (const args of [[name, "--help"], [name, "-h"], ["help", name]]) {
      const result = await run(args);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain(`Usage: steward ${name} ${command.usage}\n\n${command.summary}\n`);
      for (const option of command.options) expect(result.stdout).toContain(option.flags);
      expect(result.stdout).toContain("Exit codes:\n");
      for (const [code, meaning] of command.exitCodes) expect(result.stdout).toContain(`  ${code}  ${meaning}\n`);
      expect(result.stdout).toContain(`Example:\n  $ ${command.example}\n`);
    }
  });

  test.each(commands.map((c) => [c.name, c] as const))("the example of `steward %s` runs that command with options it has", async (name, command) => {
    expect(command.example.startsWith(`steward ${name} `)).toBe(true);
    const flags = command.options.flatMap((o) => [o.long, o.short]);
    for (const used of command.example.match(/(?<= )--?[a-z-]+/g) ?? []) expect(flags).toContain(used);
  });

  test("a mistyped command is bad usage (exit 2), names it and suggests the command meant", async () => {
    const result = await run(["evl"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("steward: unknown command `evl`\n(Did you mean eval?)");
  });

  test("a mistyped option is bad usage (exit 2), suggests the option meant and gives the command's usage", async () => {
    const result = await run(["check", "--fomat", "json", "guidelines"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      ["steward check: unknown option `--fomat`", "(Did you mean --format?)", "Usage: steward check [options] <files|dirs...>", "Run `steward check --help` for its options, exit codes and an example.", ""].join("\n"),
    );
  });

  test("a value outside an option's choices is bad usage naming the choices", async () => {
    const result = await run(["check", "--format", "xml", "guidelines"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("steward check: option `--format <format>` argument `xml` is invalid. Allowed choices are text, json.");
  });
});
