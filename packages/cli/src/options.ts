/** Options more than one command takes, declared once. */
import { Option } from "commander";

/** `--format text|json`, or the formats in `choices`. */
export function formatOption(what: string, choices: readonly string[] = ["text", "json"]): Option {
  return new Option("--format <format>", `how to print ${what}`).choices(choices).default("text");
}
