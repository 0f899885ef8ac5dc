#!/usr/bin/env node
/** The `steward` command: runs the command line against this process's terminal, then writes the output and sets the exit code. */
import { readFileSync } from "node:fs";
import { progressLine, silentProgress } from "./progress.js";
import { run } from "./run.js";
import { styleFor } from "./style.js";

// A reader that stops early (`steward compile … | head`) closes the pipe: stop writing, quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit();
  });
}

let stdin: string | undefined;
const result = await run(process.argv.slice(2), {
  stdin: () => (stdin ??= readFileSync(0, "utf8")),
  style: { stdout: styleFor(process.stdout.isTTY === true, process.env), stderr: styleFor(process.stderr.isTTY === true, process.env) },
  progress: () => (process.stderr.isTTY === true ? progressLine(process.stderr) : silentProgress),
  clock: () => new Date(),
});
process.exitCode = result.exitCode;
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
if (result.running !== undefined) process.exitCode = await result.running();
