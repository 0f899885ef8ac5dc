/**
 * Reading rule files from disk in Node, for hosts that run there (the CLI, the language server):
 * only regular files of bounded size, each checked before it is opened, so a named pipe, a device or
 * a huge file is refused without being read.
 *
 * @module @steward/dsl/node
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { defaultLimits, type Limits } from "./limits.js";
import type { Refused } from "./program.js";

/** The most bytes a terminology expansion file (JSON) may have; rule files have the `fileSize` limit. */
export const maxJsonBytes = 50_000_000;

function kindOfFile(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The text of a regular file of at most `maxBytes` bytes (UTF-8, a byte order mark kept for the
 * reader), or why it was not read: a directory, a named pipe, a device or a larger file is refused
 * from its status, without reading it. Undefined when the file does not exist.
 */
export function readRegularFile(path: string, maxBytes: number): string | Refused | undefined {
  const refuse = (stat: Stats): Refused | undefined => {
    if (!stat.isFile()) return { refused: `it is ${kindOfFile(stat)}, not a regular file` };
    if (stat.size > maxBytes) return { refused: `it has ${stat.size} bytes, more than the ${maxBytes} a file may have` };
    return undefined;
  };
  let fd: number | undefined;
  try {
    // stat does not open the file, so a named pipe cannot block here; the open does not block either.
    const before = refuse(statSync(path));
    if (before !== undefined) return before;
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const now = refuse(fstatSync(fd));
    if (now !== undefined) return now;
    const buffer = Buffer.alloc(maxBytes + 1 > 65_536 ? 65_536 : maxBytes + 1);
    const chunks: Buffer[] = [];
    let total = 0;
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      total += n;
      if (total > maxBytes) return { refused: `it has more than the ${maxBytes} bytes a file may have` };
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    return { refused: code === "EACCES" || code === "EPERM" ? "permission denied" : "it cannot be read" };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A file a program reads, as a `SourceHost` returns it: a rule file of at most `limits.fileSize`
 * bytes, or an expansion file (`.json`) of at most `maxJsonBytes`, refused as `readRegularFile` refuses.
 */
export function readSourceFile(path: string, limits: Limits = defaultLimits): string | Refused | undefined {
  return readRegularFile(path, path.endsWith(".json") ? maxJsonBytes : limits.fileSize);
}
