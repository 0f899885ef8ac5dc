#!/usr/bin/env node
/** The `steward` command: dispatches to a sub-command and turns its result into output and an exit code. */
import { run } from "./run.js";

const result = run(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
