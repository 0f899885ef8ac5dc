/** POSIX path helpers for import resolution, so the DSL runs the same in Node and in a browser. */

/** Joins `relative` onto the directory of `fromFile` and normalises `.` and `..`. */
export function resolveImport(fromFile: string, relative: string): string {
  if (relative.startsWith("/")) return normalise(relative);
  const dir = fromFile.includes("/") ? fromFile.slice(0, fromFile.lastIndexOf("/")) : ".";
  return normalise(`${dir}/${relative}`);
}

/** Removes `.` segments and folds `..` where it can. */
export function normalise(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part === ".." && absolute) continue;
    else out.push(part);
  }
  const joined = out.join("/");
  return absolute ? `/${joined}` : joined === "" ? "." : joined;
}

/** How many `..` a normalised relative path starts with. */
function climbs(path: string): number {
  let n = 0;
  while (path.startsWith("../", n * 3) || path.slice(n * 3) === "..") n++;
  return n;
}

/** True when `path` lies in the folder `root` (both normalised; `.` is the folder relative paths start from). */
export function isWithin(path: string, root: string): boolean {
  if (root === ".") return !path.startsWith("/") && path !== ".." && !path.startsWith("../");
  if (root === "/") return path.startsWith("/");
  return path === root || path.startsWith(`${root}/`);
}

/**
 * Why a path a file `from` names (`written`, resolved to `path`) may not be read, or undefined when
 * it may: it must be relative, stay inside `root` (without one, climb no higher with `..` than `from`
 * sits), and name a file of the kind expected. Checked before the host is asked, so a file outside
 * the guidelines is never read, nor any of it shown.
 */
export function pathRefusal(from: string, written: string, path: string, root: readonly string[] | undefined, extension: ".stw" | ".json"): { readonly code: "check/path-outside-root" | "check/wrong-file-type"; readonly message: string; readonly hint: string } | undefined {
  if (written.startsWith("/") || /^[A-Za-z]:[\\/]/.test(written) || written.startsWith("\\")) {
    return { code: "check/path-outside-root", message: `\`${written}\` is an absolute path`, hint: "paths in rule files are relative to the file that names them" };
  }
  if (root !== undefined ? !root.some((r) => isWithin(path, r)) : climbs(path) > climbs(normalise(from))) {
    return { code: "check/path-outside-root", message: `\`${written}\` is outside the guideline folder${root !== undefined ? ` \`${root[root.length - 1]}\`` : ""}`, hint: "a rule file reads only files inside the guideline folder the host or `--root` gives" };
  }
  if (!written.endsWith(extension)) {
    const kind = extension === ".stw" ? "a rule file" : "a terminology expansion file";
    return { code: "check/wrong-file-type", message: `\`${written}\` is not ${kind}: its name does not end in \`${extension}\``, hint: `only ${kind} (\`*${extension}\`) can be named here` };
  }
  return undefined;
}
