/**
 * Finding rule files on disk (or `-`, standard input) and reading them for the DSL: only regular
 * files, of bounded size, inside the guideline folder (the root), each checked before it is opened.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { defaultLimits, type Limits, type SourceHost } from "@steward/dsl";
import { readSourceFile } from "@steward/dsl/node";

/** The extension of Steward rule files. */
export const RULE_FILE_EXTENSION = ".stw";

/** The name standard input goes by in diagnostics, when a path is given as `-`. */
export const STDIN = "<stdin>";

/** A path the user named that cannot be read, and why when that is known. */
export class UnreadablePath extends Error {
  constructor(
    readonly path: string,
    why?: string,
  ) {
    super(`cannot read \`${path}\`${why === undefined ? "" : `: ${why}`}`);
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

/** Where rule files may be read from, and within what limits. */
export interface RuleFileAccess {
  /** The guideline folder, absolute. */
  readonly folder: string;
  /**
   * The same folder as diagnostics spell paths, for the DSL: `.` for the working folder; when the
   * working folder is inside the guideline folder, `.` as well as the folder itself, since paths
   * inside the working folder are spelled relative to it and others in full.
   */
  readonly root: readonly string[];
  readonly limits: Limits;
}

/** The folder that holds every path in `paths` (a file's own folder, a directory itself). */
function commonFolder(paths: readonly string[]): string {
  const folders = paths.map((p) => {
    const absolute = resolve(p);
    try {
      return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
    } catch {
      return dirname(absolute);
    }
  });
  let common = folders[0] ?? process.cwd();
  for (const f of folders) while (!isInside(f, common)) common = dirname(common);
  return common;
}

/**
 * The guideline folder for `paths`, absolute: `--root` when given, else the working folder when every
 * path named is inside it, else the folder that holds them all. A path named outside `--root` is refused.
 */
export function guidelineFolder(paths: readonly string[], root: string | undefined): string {
  const named = paths.filter((p) => p !== "-" && p !== STDIN);
  const cwd = process.cwd();
  const folder = root !== undefined ? resolve(root) : named.every((p) => isInside(resolve(p), cwd)) ? cwd : commonFolder(named);
  for (const p of named) if (!isInside(resolve(p), folder)) throw new UnreadablePath(p, `it is outside the guideline folder \`${displayPath(folder)}\` that --root gives`);
  return folder;
}

/** `folder` as the DSL's `root`: spelled as diagnostics spell paths (see `RuleFileAccess.root`). */
export function rootSpellings(folder: string): readonly string[] {
  const cwd = process.cwd();
  if (folder === cwd) return ["."];
  return isInside(cwd, folder) ? [".", displayPath(folder)] : [displayPath(folder)];
}

/** True when the absolute path `path` is `folder` or inside it. */
function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * A source host reading files from disk (and standard input as `<stdin>`), remembering what it read
 * for the diagnostic renderer. Only regular files inside `access.root` (after following links) are
 * read: rule files up to the `fileSize` limit, expansion files up to `maxJsonBytes` (both in `@steward/dsl/node`).
 */
export function diskHost(stdin: () => string, access: RuleFileAccess = { folder: process.cwd(), root: ["."], limits: defaultLimits }): SourceHost & { readonly texts: Map<string, string> } {
  const texts = new Map<string, string>();
  let realRoot: string | undefined;
  const outsideRoot = (path: string): boolean => {
    try {
      realRoot ??= realpathSync(access.folder);
      return !isInside(realpathSync(path), realRoot);
    } catch {
      return false; // a file that does not exist is reported as unreadable
    }
  };
  return {
    texts,
    canonical: displayPath,
    read: (path) => {
      if (path === STDIN) {
        const text = stdin();
        texts.set(path, text);
        return text;
      }
      if (outsideRoot(path)) return { refused: `it leads outside the guideline folder \`${displayPath(access.folder)}\`` };
      const text = readSourceFile(path, access.limits);
      if (typeof text === "string") texts.set(path, text);
      return text;
    },
  };
}
