/**
 * `steward serve`: the guidelines as a CDS Hooks service over HTTP (`@steward/cds-hooks/server`),
 * until SIGINT or SIGTERM. The guidelines and the configuration are checked first, so a problem is
 * reported and the command exits 2 before anything listens; the service then runs in `running`.
 */
import { readFileSync } from "node:fs";
import { Option } from "commander";
import { vocabulary } from "@steward/core";
import { parseServiceConfig, startService } from "@steward/cds-hooks/server";
import { parseJson } from "@steward/json";
import { usageError, type CommandSpec } from "../command.js";
import { loadGuidelinesOrIr, printProblems } from "../guidelines.js";
import { accessFor, limitOption, rootOption } from "../options.js";
import { Output, type CommandResult } from "../io.js";

/** `steward serve`. */
export const serveCommand: CommandSpec = {
  name: "serve",
  summary: "serve the guidelines as a CDS Hooks service (discovery, three hooks, feedback) until stopped",
  usage: "--guidelines <path> [--port <port>] [--host <address>] [--config <file>] [--database <file>] [--setting <setting>] [--dev]",
  operands: [],
  options: [
    new Option("--guidelines <path>", "rule files (*.stw), compiled guidelines (*.ir.json) or directories holding either; repeat for more")
      .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
      .makeOptionMandatory(),
    rootOption(),
    limitOption(),
    new Option("--port <port>", "the port to listen on (default 8080; 0 picks a free one)").argParser((v) => Number(v)),
    new Option("--host <address>", "the address to listen on (default 127.0.0.1)"),
    new Option("--config <file>", "the service's configuration (JSON): clients and their keys, FHIR servers, CORS origins, limits, care setting, mapping rows"),
    new Option("--database <file>", "the SQLite file for cards issued and feedback (default steward-cds-hooks.sqlite)"),
    new Option("--setting <setting>", "the care setting of every call, when the service serves one (otherwise each call's encounter says it)").choices(vocabulary.careSettings.map((s) => s.word)),
    new Option("--dev", "development mode: no authentication; refused unless the address is loopback"),
  ],
  exitCodes: [
    [0, "the service ran and was stopped"],
    [2, "bad usage, guidelines with errors, a configuration that is not valid, or an address that cannot be bound"],
  ],
  example: "steward serve --guidelines guidelines --dev --setting primary-care --port 8080",
  run: (_, values, environment): CommandResult => {
    const out = new Output();
    const paths = values["guidelines"] as string[];
    const loaded = loadGuidelinesOrIr(paths, environment.stdin, accessFor(paths, values));
    if (loaded.problems.length > 0) {
      printProblems(out, loaded, environment.style.stderr);
      out.error(`steward serve: the guidelines in \`${paths.join(" ")}\` have errors; run \`steward check\``);
      return out.done(2);
    }
    if (loaded.guidelines.length === 0) return usageError(serveCommand, `no guidelines in \`${paths.join(" ")}\``);
    const file = values["config"] as string | undefined;
    let fromFile: unknown = {};
    if (file !== undefined) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        return usageError(serveCommand, `cannot read \`${file}\``);
      }
      const parsed = parseJson(text, "the configuration");
      if (parsed._tag === "Left") {
        for (const d of parsed.left) out.error(`${file}: ${d.message}`);
        return out.done(2);
      }
      fromFile = parsed.right;
    }
    const flags = Object.fromEntries(
      [
        ["port", values["port"]],
        ["host", values["host"]],
        ["database", values["database"]],
        ["setting", values["setting"]],
        ["dev", values["dev"]],
      ].filter(([, v]) => v !== undefined),
    );
    const config = parseServiceConfig({ ...(fromFile as object), ...flags });
    if (config._tag === "Left") {
      for (const p of config.left) out.error(`${file ?? "the configuration"}: ${p.pointer === "" ? "" : `${p.pointer}: `}${p.message}`);
      return out.done(2);
    }
    return {
      ...out.done(0),
      running: async () => {
        const started = await startService({ guidelines: loaded.guidelines, config: config.right });
        if (started._tag === "Left") {
          process.stderr.write(`steward serve: ${started.left.join("; ")}\n`);
          return 2;
        }
        const service = started.right;
        process.stderr.write(`steward serve: ${loaded.guidelines.length} guidelines, listening on ${service.url}${config.right.dev ? " in development mode (no authentication)" : ""}\n`);
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await service.close();
        return 0;
      },
    };
  },
};
