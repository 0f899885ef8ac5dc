/**
 * Builds the browser host into a folder a static server can serve: the page, its script bundled
 * with esbuild (Steward and its dependencies included), every bundled guideline compiled to IR, and
 * the example patients.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile, loadProgram } from "@steward/dsl";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "../..");

function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return ruleFiles(path);
      return name.endsWith(".stw") && !name.endsWith(".test.stw") ? [path] : [];
    });
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Compiles every guideline under `guidelines/` into `dir`, one `<id>.ir.json` each, with an index. */
function compileGuidelines(dir: string): void {
  const files = ruleFiles(join(repo, "guidelines"));
  const program = loadProgram(files, { read });
  const written: string[] = [];
  for (const file of files) {
    if (!program.files.get(file)?.ast.items.some((i) => i.kind === "guideline")) continue;
    const ir = compile(program, file);
    if (ir._tag === "Left") throw new Error(`${file} does not compile: ${ir.left.map((d) => d.message).join("; ")}`);
    const name = `${ir.right.guideline.id}.ir.json`;
    writeFileSync(join(dir, name), JSON.stringify(ir.right));
    written.push(name);
  }
  writeFileSync(join(dir, "index.json"), JSON.stringify({ guidelines: written }));
}

/** Copies the example patients into `dir`, with an index naming each in words. */
function copyPatients(dir: string): void {
  const source = join(repo, "examples/patients");
  const files = readdirSync(source).filter((f) => f.endsWith(".json")).sort();
  for (const file of files) copyFileSync(join(source, file), join(dir, file));
  const label = (file: string): string => file.replace(/\.json$/, "").replace(/^(\d+)-/, "$1: ").replaceAll("-", " ");
  writeFileSync(join(dir, "index.json"), JSON.stringify({ now: "2026-11-25T09:00:00Z", patients: files.map((file) => ({ file, label: label(file) })) }));
}

/** Writes the whole site into `outDir`. Bundles Steward from its source (the in-repo export condition). */
export async function buildBrowserHost(outDir: string): Promise<void> {
  for (const dir of [outDir, join(outDir, "ir"), join(outDir, "patients")]) mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(here, "src/app.ts")],
    outfile: join(outDir, "app.js"),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@steward/source"],
    logLevel: "error",
  });
  for (const file of ["index.html", "style.css", "favicon.svg"]) copyFileSync(join(here, file), join(outDir, file));
  compileGuidelines(join(outDir, "ir"));
  copyPatients(join(outDir, "patients"));
}
