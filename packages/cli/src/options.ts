/** Options more than one command takes, declared once. */
import { Option } from "commander";

/** `--format text|json`. */
export function formatOption(what: string): Option {
  return new Option("--format <format>", `how to print ${what}`).choices(["text", "json"]).default("text");
}
