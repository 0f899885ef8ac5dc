/** Says in words which parts of a traced condition made it come out as it did, with the values they saw. */
import type { ConditionTrace } from "./condition.js";

/** The parts of a trace that made it come out `wanted`, as `condition (what it saw)` text. */
export function explainResult(trace: ConditionTrace, wanted: "true" | "false" | "unknown"): string {
  const leaves: ConditionTrace[] = [];
  const walk = (node: ConditionTrace, want: "true" | "false" | "unknown"): void => {
    if (node.text === "not") {
      const child = node.children[0];
      if (child !== undefined && child.children.length === 0) leaves.push({ ...child, text: `not ${child.text}` });
      // A compound that does not hold, when saying why a condition holds, is a detail: the facts
      // that hold say it better ("pregnant; at term", not "sex is male (sex = female)").
      else if (child !== undefined && want !== "true") walk(child, want === "false" ? "true" : "unknown");
      return;
    }
    const matching = node.children.filter((c) => c.result === want);
    if (matching.length === 0 || (node.text !== "all of" && node.text !== "any of" && node.seen.length > 0 && node.children.length === 0)) {
      leaves.push(node);
      return;
    }
    matching.forEach((c) => walk(c, want));
  };
  walk(trace, wanted);
  return leaves.map((l) => (l.seen.length > 0 ? `${l.text} (${l.seen.join("; ")})` : l.text)).join("; ");
}
