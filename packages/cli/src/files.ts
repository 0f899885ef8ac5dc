/** Finding rule files on disk (or `-`, standard input) and reading them for the DSL. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { SourceHost } from "@steward/dsl";

/** The extension of Steward rule files. */
export const RULE_FILE_EXTENSION = ".stw";

/** The name standard input goes by in diagnostics, when a path is given as `-`. */
export const STDIN = "<stdin>";

/** A path the user named that cannot be read. */
export class UnreadablePath extends Error {
  constructor(readonly path: string) {
    super(`cannot read \`${path}\``);
  }
}

/** Turns a path into the form used in diagnostics: POSIX, relative to the working directory when inside it. */
export function displayPath(path: string): string {
  if (path === STDIN) return path;
  const absolute = resolve(path);
  const rel = relative(process.cwd(), absolute);
  const shown = rel === "" || rel.startsWith("..") ? absolute : rel;
  return shown.split(sep).join("/");
}

/** Every file named by `paths` with one of `extensions`: files as given, directories searched recursively, `-` as standard input; sorted. */
export function collectFiles(paths: readonly string[], extensions: readonly string[] = [RULE_FILE_EXTENSION]): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (extensions.some((e) => entry.name.endsWith(e))) out.add(displayPath(full));
    }
  };
  for (const path of paths) {
    if (path === "-") {
      out.add(STDIN);
      continue;
    }
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UnreadablePath(path);
    }
    if (stat.isDirectory()) walk(path);
    else out.add(displayPath(path));
  }
  return [...out].sort();
}

/** A source host reading files from disk (and standard input as `<stdin>`), remembering what it read for the diagnostic renderer. */
export function diskHost(stdin: () => string): SourceHost & { readonly texts: Map<string, string> } {
  const texts = new Map<string, string>();
  return {
    texts,
    canonical: displayPath,
    read: (path) => {
      try {
        const text = path === STDIN ? stdin() : readFileSync(path, "utf8");
        texts.set(path, text);
        return text;
      } catch {
        return undefined;
      }
    },
  };
}
