/**
 * Fuzz target: rule files that name other files by hostile paths (absolute, climbing out with
 * `..`, files of other kinds, odd spellings) for `import`, `tests` and `expansion`, read through
 * a host that keeps secret files outside the guideline folder and refuses some reads. A wrong
 * accept is a read outside the folder, or any of a secret file's text in a diagnostic.
 */
import fc from "fast-check";
import { check, compile, loadProgram, type SourceHost } from "@steward/dsl";
import { guidelinePrelude } from "../../../packages/dsl/test/arbitraries.js";
import type { FuzzTarget } from "../target.js";

const SECRET = "SECRET-CONTENT-DO-NOT-SHOW";

/** What a host holds outside the guideline folder `guidelines/`. */
const outside: Readonly<Record<string, string>> = {
  "/etc/passwd": `root:x:0:0:${SECRET}:/root:/bin/bash\n`,
  "secret.stw": `finding leaked "${SECRET}"\n`,
  "../secret.stw": `finding leaked "${SECRET}"\n`,
  "guidelines-other/x.stw": `finding leaked "${SECRET}"\n`,
};

const segment = fc.constantFrom("..", ".", "", "guidelines", "local", "secret.stw", "x.stw", "passwd", "etc", "shared.stw", "a b.stw", "ünï.stw", "x.json", "x.txt", "x.stw/", "%2e%2e", "\\..\\", "C:", "~");
const path = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join("/")),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join("/")}`),
  fc.constantFrom("/etc/passwd", "../secret.stw", "../../secret.stw", "shared.stw/../../secret.stw", "C:\\\\secret.stw", "\\\\server\\\\share.stw", "./../secret.stw", "local/../../secret.stw"),
  fc.string({ maxLength: 12 }),
);

interface Hostile {
  readonly imports: readonly string[];
  readonly tests?: string;
  readonly expansion?: string;
  /** Paths the host refuses to read, as it would a named pipe. */
  readonly refused: readonly string[];
}

const target: FuzzTarget = {
  name: "hostile-imports",
  arbitrary: fc.record(
    { imports: fc.array(path, { maxLength: 4 }), tests: path, expansion: path, refused: fc.array(fc.constantFrom("guidelines/shared.stw", "guidelines/local/x.stw", "guidelines/main.stw"), { maxLength: 2 }) },
    { requiredKeys: ["imports", "refused"] },
  ),
  run: (input) => {
    const h = input as Hostile;
    const quote = (p: string): string => JSON.stringify(p);
    const main = [
      ...h.imports.map((p) => `import ${quote(p)}`),
      ...(h.tests !== undefined ? [`tests ${quote(h.tests)}`] : []),
      guidelinePrelude,
      ...(h.expansion !== undefined ? [`codes uti "UTI" {\n  expansion ${quote(h.expansion)}\n  snomed << 68566005 "Urinary tract infectious disease"\n}`] : []),
    ].join("\n");
    const inside: Record<string, string> = { "guidelines/main.stw": main, "guidelines/shared.stw": 'finding shared "Shared"\n', "guidelines/local/x.stw": 'finding local "Local"\n' };
    const asked: string[] = [];
    const host: SourceHost = {
      read: (p) => {
        asked.push(p);
        if (h.refused.includes(p)) return { refused: "it is a named pipe, not a regular file" };
        return inside[p] ?? outside[p];
      },
    };
    const program = loadProgram(["guidelines/main.stw"], host, { root: "guidelines" });
    const compiled = compile(program, "guidelines/main.stw");
    const diagnostics = [...check(program), ...(compiled._tag === "Left" ? compiled.left : [])];
    const strayRead = asked.find((p) => p !== "guidelines" && !p.startsWith("guidelines/"));
    if (strayRead !== undefined) return { outcome: "accepted", wrongAccept: `the host was asked for ${JSON.stringify(strayRead)}, outside the guideline folder` };
    if (JSON.stringify(diagnostics).includes(SECRET) || [...program.files.values()].some((f) => f.text.includes(SECRET))) return { outcome: "accepted", wrongAccept: "a file outside the guideline folder was read" };
    return { outcome: diagnostics.some((d) => d.severity === "error") ? "rejected" : "accepted" };
  },
};

export default target;
