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
