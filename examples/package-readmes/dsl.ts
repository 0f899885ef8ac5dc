import { readFileSync, writeFileSync } from "node:fs";
import { compile, loadProgram } from "@steward/dsl";

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};
const file = "guidelines/ng109-lower-uti/ng109.stw";
const ir = compile(loadProgram([file], { read }), file); // imports are read through the same host
if (ir._tag === "Right") writeFileSync("ng109.ir.json", JSON.stringify(ir.right));
else for (const d of ir.left) process.stderr.write(`${d.span?.file}:${d.span?.line}:${d.span?.column} ${d.code}: ${d.message}\n`);
