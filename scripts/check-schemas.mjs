// Regenerates every package's committed JSON Schemas, then fails if they differ from git:
// a schema change must be committed together with the code that causes it.
import { spawnSync } from "node:child_process";

// A git pathspec, not a shell glob: every file under any package's schemas/ folder.
const schemas = ":(glob)packages/*/schemas/**";

function run(command, args) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const generated = run("pnpm", ["-r", "--if-present", "run", "generate:schemas"]);
if (generated !== 0) process.exit(generated);

const changed = run("git", ["--no-pager", "diff", "--exit-code", "--", schemas]);
if (changed !== 0) {
  console.error("check-schemas: generated schemas differ from the committed ones; run `pnpm -r run generate:schemas` and commit");
  process.exit(changed);
}

// git diff ignores untracked files, so a newly generated schema that was never committed is caught here.
const untracked = spawnSync("git", ["ls-files", "--others", "--exclude-standard", "--", schemas], { encoding: "utf8" });
if (untracked.status !== 0) process.exit(untracked.status ?? 1);
if (untracked.stdout.trim() !== "") {
  console.error(`check-schemas: generated schemas are not committed:\n${untracked.stdout.trimEnd()}`);
  process.exit(1);
}
console.log("check-schemas: committed schemas match the generators");
