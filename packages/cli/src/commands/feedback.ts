/** `steward feedback`: what clinicians did with the service's cards, read from its feedback file: override rates per rule and guideline version. */
import { existsSync } from "node:fs";
import { Option } from "commander";
import { FeedbackStore } from "@steward/cds-hooks/server";
import { usageError, type CommandSpec } from "../command.js";
import { Output } from "../io.js";
import { formatOption } from "../options.js";

/** `steward feedback`. */
export const feedbackCommand: CommandSpec = {
  name: "feedback",
  summary: "print override rates of the CDS Hooks service's cards, per rule and guideline version",
  usage: "[--database <file>] [--format text|json]",
  operands: [],
  options: [new Option("--database <file>", "the service's SQLite file").default("steward-cds-hooks.sqlite"), formatOption("the rates")],
  exitCodes: [
    [0, "the rates were printed"],
    [2, "bad usage, or a file that is not the service's"],
  ],
  example: "steward feedback --database steward-cds-hooks.sqlite --format json",
  run: (_, values) => {
    const file = values["database"] as string;
    if (!existsSync(file)) return usageError(feedbackCommand, `cannot read \`${file}\``);
    let store: FeedbackStore;
    try {
      store = new FeedbackStore(file);
    } catch (e) {
      return usageError(feedbackCommand, `\`${file}\` cannot be read as the service's file: ${(e as Error).message}`);
    }
    const rates = store.overrideRates();
    store.close();
    const out = new Output();
    if (values["format"] === "json") out.print(JSON.stringify({ rates }, null, 2));
    else if (rates.length === 0) out.print("no cards issued yet");
    else {
      for (const r of rates) {
        const rate = r.overrideRate === undefined ? "no feedback" : `${Math.round(r.overrideRate * 100)}% overridden`;
        out.print(`${r.guideline} ${r.version}, ${r.rule}: ${r.shown} shown, ${r.accepted} accepted, ${r.overridden} overridden (${rate})`);
        for (const reason of r.reasons) out.print(`  ${reason.count} × ${reason.display ?? reason.code} (${reason.system}|${reason.code})`);
      }
    }
    return out.done(0);
  },
};
