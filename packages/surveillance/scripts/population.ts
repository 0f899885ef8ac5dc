/**
 * Writes a synthetic population: `pnpm population <dir> [--patients N] [--seed S]` (defaults 1000
 * patients, seed 20261125). See @steward/surveillance/synthetic and docs/surveillance.md.
 */
import { parseArgs } from "node:util";
import { writePopulation } from "@steward/surveillance/synthetic";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { patients: { type: "string", default: "1000" }, seed: { type: "string", default: "20261125" } } });
const dir = positionals[0];
if (dir === undefined) {
  process.stderr.write("usage: pnpm population <dir> [--patients N] [--seed S]\n");
  process.exit(2);
}
const written = await writePopulation(dir, { patients: Number(values.patients), seed: Number(values.seed) });
if (written._tag === "Left") {
  for (const d of written.left) process.stderr.write(`error[${d.code}]: ${d.message}\n`);
  process.exit(2);
}
const { patients, courses, asOf, files } = written.right;
process.stdout.write(`${patients} patients, ${courses} courses, audit period ending ${asOf}\n${Object.values(files).filter((f) => f !== null).join("\n")}\n`);
