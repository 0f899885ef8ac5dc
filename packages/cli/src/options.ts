/** Options more than one command takes, declared once. */
import { statSync } from "node:fs";
import { InvalidArgumentError, Option } from "commander";
import { defaultLimits, resolveLimits, type Limits } from "@steward/dsl";
import { guidelineFolder, rootSpellings, type RuleFileAccess } from "./files.js";

/** `--format text|json`, or the formats in `choices`. */
export function formatOption(what: string, choices: readonly string[] = ["text", "json"]): Option {
  return new Option("--format <format>", `how to print ${what}`).choices(choices).default("text");
}

/** `--root <dir>`: the guideline folder; files rule files name (imports, tests, expansions) must be inside it. */
export function rootOption(): Option {
  return new Option("--root <dir>", "the guideline folder: rule files read nothing outside it (default: the working folder, or, for paths outside it, the folder holding them)").argParser((value) => {
    let isFolder = false;
    try {
      isFolder = statSync(value).isDirectory();
    } catch {
      // reported below
    }
    if (!isFolder) throw new InvalidArgumentError("It must be a folder.");
    return value;
  });
}

/** `--limit <name=value>`, repeatable: changes one of the limits rule files are read within. */
export function limitOption(): Option {
  const names = Object.keys(defaultLimits) as (keyof Limits)[];
  return new Option("--limit <name=value>", `change a limit rule files are read within (${names.map((n) => `${n}=${defaultLimits[n]}`).join(", ")}); repeatable`)
    .argParser((value: string, previous: Partial<Limits> | undefined) => {
      const [name, number] = value.split("=");
      if (!names.includes(name as keyof Limits)) throw new InvalidArgumentError(`There is no limit \`${name}\`; the limits are ${names.join(", ")}.`);
      const n = Number(number);
      if (number === undefined || !/^[0-9]+$/.test(number) || !Number.isSafeInteger(n) || n === 0) throw new InvalidArgumentError("Give the limit as name=number, a whole number above 0.");
      return { ...previous, [name as keyof Limits]: n };
    });
}

/** Where the rule files of a command may be read from, and within what limits, from its `--root` and `--limit` options. */
export function accessFor(paths: readonly string[], options: Readonly<Record<string, unknown>>): RuleFileAccess {
  const folder = guidelineFolder(paths, options["root"] as string | undefined);
  return { folder, root: rootSpellings(folder), limits: resolveLimits(options["limit"] as Partial<Limits> | undefined) };
}
