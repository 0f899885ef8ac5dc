/**
 * `format`: AST to canonical text. Two-space indents, one clause per line, unit aliases written
 * canonically, the author's comments and single blank lines kept. Long conditions break before each
 * top-level `and` / `or`. Formatting its own output changes nothing.
 */
import { findUnit } from "@steward/core";
import type * as ast from "./ast.js";

const WIDTH = 100;

/** Canonical text for a whole file. */
export function format(file: ast.FileNode): string {
  const out = new Printer();
  file.items.forEach((item, i) => printItem(out, item, i === 0));
  out.closing(file.closingComments, 0, file.items.length === 0);
  return out.text();
}

class Printer {
  private readonly lines: string[] = [];

  line(indent: number, text: string): void {
    this.lines.push(`${"  ".repeat(indent)}${text}`);
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
  }

  /** Comments above a node, then a blank line if the author left one before the node. */
  leading(node: ast.Trivia, indent: number, isFirst: boolean): void {
    node.leadingComments.forEach((c, i) => {
      if (c.blankLineBefore && !(isFirst && i === 0)) this.blank();
      this.line(indent, c.text);
    });
    const first = isFirst && node.leadingComments.length === 0;
    if (node.blankLineBefore && !first) this.blank();
  }

  closing(comments: readonly ast.CommentNode[], indent: number, emptyBlock: boolean): void {
    comments.forEach((c, i) => {
      if (c.blankLineBefore && !(emptyBlock && i === 0)) this.blank();
      this.line(indent, c.text);
    });
  }

  /** Appends a trailing comment to the last line written. */
  trailing(node: ast.Trivia): void {
    if (node.trailingComment === undefined) return;
    this.lines[this.lines.length - 1] += `  ${node.trailingComment.text}`;
  }

  text(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === "") this.lines.pop();
    return this.lines.length === 0 ? "" : `${this.lines.join("\n")}\n`;
  }
}

function printItem(out: Printer, item: ast.Item, isFirst: boolean): void {
  out.leading(item, 0, isFirst);
  switch (item.kind) {
    case "import":
      out.line(0, item.names.length === 0 ? `import ${str(item.path)}` : `import ${item.names.map((n) => n.text).join(", ")} from ${str(item.path)}`);
      break;
    case "guideline":
    case "source":
      printBlock(out, `${item.kind} ${item.name.text}`, item, 0);
      break;
    case "codes":
    case "observation":
      printBlock(out, `${item.kind} ${item.name.text}${item.title ? ` ${str(item.title)}` : ""}`, item, 0);
      break;
    case "finding": {
      const head = `finding ${item.name.text}${item.title ? ` ${str(item.title)}` : ""}`;
      if (item.hasBlock) printBlock(out, head, item, 0);
      else out.line(0, head);
      break;
    }
    case "class": {
      const head = `class ${item.name.text} ${str(item.title)}${item.within.length > 0 ? ` within ${item.within.map((n) => n.text).join(", ")}` : ""}`;
      if (item.hasBlock) printBlock(out, head, item, 0);
      else out.line(0, head);
      break;
    }
    case "drug":
      printBlock(out, `drug ${item.name.text} ${str(item.title)}`, item, 0);
      break;
    case "define":
      printCondition(out, 0, `define ${item.name.text} =`, item.expr);
      break;
    case "parameter":
      out.line(0, `parameter ${item.name.text} = ${quantity(item.value)}${item.title ? ` ${str(item.title)}` : ""}`);
      break;
    case "tests":
      out.line(0, `tests ${str(item.path)}${item.at ? ` at ${item.at.text}` : ""}`);
      break;
    case "scenario":
      out.line(0, `scenario ${str(item.title)} {`);
      item.clauses.forEach((clause, i) => {
        out.leading(clause, 1, i === 0);
        if (clause.kind === "at") out.line(1, `at ${clause.time.text}`);
        else {
          out.line(1, `${clause.kind} {`);
          clause.lines.forEach((line, j) => {
            out.leading(line, 2, j === 0);
            out.line(2, line.words.map((w, k) => (k > 0 && w.text !== "," ? " " : "") + word(w)).join(""));
            out.trailing(line);
          });
          out.closing(clause.closingComments, 2, clause.lines.length === 0);
          out.line(1, "}");
        }
        out.trailing(clause);
      });
      out.closing(item.closingComments, 1, item.clauses.length === 0);
      out.line(0, "}");
      break;
    case "rule":
    case "choices":
    case "contraindication":
    case "resistance": {
      const clauses: readonly ast.RuleClause[] = item.kind === "choices" ? item.choices : item.clauses;
      out.line(0, `${item.kind} ${item.name.text}${item.kind === "contraindication" ? ` for ${item.target.text}` : ""} {`);
      clauses.forEach((clause, i) => printClause(out, clause, i === 0));
      out.closing(item.closingComments, 1, clauses.length === 0);
      out.line(0, "}");
      break;
    }
    case "score":
      out.line(0, `score ${item.name.text}${item.title ? ` ${str(item.title)}` : ""} {`);
      item.entries.forEach((entry, i) => {
        out.leading(entry, 1, i === 0);
        if (entry.kind === "criterion") printCondition(out, 1, "criterion", entry.expr);
        else out.line(1, entry.kind === "range" ? `range ${quantity(entry.min)} to ${quantity(entry.max)}` : blockEntry(entry));
        out.trailing(entry);
      });
      out.closing(item.closingComments, 1, item.entries.length === 0);
      out.line(0, "}");
      break;
  }
  out.trailing(item);
}

function printBlock(out: Printer, head: string, block: ast.Block, indent: number): void {
  out.line(indent, `${head} {`);
  block.entries.forEach((entry, i) => {
    out.leading(entry, indent + 1, i === 0);
    out.line(indent + 1, blockEntry(entry));
    out.trailing(entry);
  });
  out.closing(block.closingComments, indent + 1, block.entries.length === 0);
  out.line(indent, "}");
}

function word(w: ast.WordNode): string {
  if (w.token === "text") return str({ kind: "text", value: w.text, span: w.span });
  if (w.token === "unit") return findUnit(w.text)?.symbol ?? w.text;
  return w.text;
}

function blockEntry(entry: ast.BlockEntry): string {
  switch (entry.kind) {
    case "field":
      return `${entry.key.text} ${entry.values.map(fieldValue).join(", ")}`;
    case "code-entry":
      return `${entry.system.text} ${entry.descendants ? "<< " : ""}${entry.code.text} ${str(entry.display)}${entry.unverified ? ` unverified ${str(entry.unverified)}` : ""}`;
    case "cite":
      return cite(entry);
    case "dose-entry":
      return `${entry.key.text} ${regimen(entry.regimen)} ${cite(entry.cite)}`;
  }
}

function fieldValue(value: ast.FieldValue): string {
  switch (value.kind) {
    case "text":
      return str(value);
    case "quantity":
      return quantity(value);
    case "name":
      return findUnit(value.text)?.symbol ?? value.text;
    default:
      return value.text;
  }
}

function cite(c: ast.CiteClause): string {
  return `cite ${c.source.text}${c.section ? ` ${str(c.section)}` : ""}`;
}

function printClause(out: Printer, clause: ast.RuleClause, isFirst: boolean): void {
  out.leading(clause, 1, isFirst);
  switch (clause.kind) {
    case "cite":
      out.line(1, cite(clause));
      break;
    case "when":
      printCondition(out, 1, "when", clause.expr);
      break;
    case "strategy":
      out.line(1, `strategy ${clause.strategy.text}${clause.delay ? ` after ${quantity(clause.delay)}` : ""}${clause.advice ? ` ${str(clause.advice)}` : ""}`);
      break;
    case "offer":
      out.line(1, `offer ${clause.choices.text}`);
      break;
    case "unverified":
      out.line(1, `unverified ${str(clause.why)}`);
      break;
    case "choice": {
      const head = `${clause.rank} choice ${clause.drug.text}${clause.regimen ? ` ${regimen(clause.regimen)}` : ""}`;
      if (!clause.hasBlock) {
        out.line(1, head);
        break;
      }
      out.line(1, `${head} {`);
      clause.options.forEach((option, i) => {
        out.leading(option, 2, i === 0);
        printOption(out, option);
        out.trailing(option);
      });
      out.closing(clause.closingComments, 2, clause.options.length === 0);
      out.line(1, "}");
      break;
    }
    case "advice":
    case "leaflet":
      out.line(1, `${clause.kind}${clause.adviceKind ? ` ${clause.adviceKind.text}` : ""} ${str(clause.text)}`);
      break;
    case "alert":
      out.line(1, `alert ${clause.priority.text} ${str(clause.message)}${clause.key ? ` key ${clause.key.text}` : ""}${clause.recommends ? ` recommends ${clause.recommends.text}` : ""}`);
      break;
    case "review":
      out.line(
        1,
        `review after ${quantity(clause.after)}${clause.from ? ` from course ${clause.from.text}` : ""}${clause.overdueAfter ? ` overdue after ${quantity(clause.overdueAfter)}` : ""}${clause.outcomes.length > 0 ? ` offering ${clause.outcomes.map((o) => o.text).join(", ")}` : ""}`,
      );
      break;
    case "for-each":
      out.line(1, `for each ${clause.subjects.join(" and ")}`);
      break;
    case "suggest":
      out.line(1, `suggest ${clause.suggestion.text}${clause.reason ? ` ${str(clause.reason)}` : ""}`);
      break;
    case "refer":
      out.line(1, `refer ${clause.target.text}${clause.urgency ? ` ${clause.urgency.text}` : ""}${clause.unverified ? ` unverified ${str(clause.unverified)}` : ""}${clause.reason ? ` ${str(clause.reason)}` : ""}`);
      break;
    case "request":
      out.line(1, `${clause.kind} ${clause.target.text}${clause.reason ? ` ${str(clause.reason)}` : ""}`);
      break;
    case "if-unknown":
      out.line(1, `if unknown ${clause.action}${clause.note ? ` ${str(clause.note)}` : ""}`);
      break;
    case "window":
      out.line(1, `window ${clause.length ? quantity(clause.length) : `${clause.word?.text ?? ""}${clause.note ? ` ${str(clause.note)}` : ""}`}`);
      break;
  }
  out.trailing(clause);
}

function printOption(out: Printer, option: ast.OptionClause): void {
  switch (option.kind) {
    case "or-regimen":
      out.line(2, `or ${regimen(option.regimen)}${option.note ? ` ${str(option.note)}` : ""}`);
      break;
    case "only-if":
      printCondition(out, 2, "only if", option.expr);
      break;
    case "if-unknown":
      out.line(2, `if unknown ${option.action}${option.note ? ` ${str(option.note)}` : ""}`);
      break;
    case "note":
      out.line(2, `note ${str(option.text)}`);
      break;
    case "unverified":
      out.line(2, `unverified ${str(option.why)}`);
      break;
    case "with": {
      const head = `with ${option.drug.text} ${regimen(option.regimen)}${option.addIf ? ` if ${str(option.addIf)}` : ""}`;
      if (!option.hasBlock) {
        out.line(2, head);
        break;
      }
      out.line(2, `${head} {`);
      option.options.forEach((line, i) => {
        out.leading(line, 3, i === 0);
        out.line(3, `or ${regimen(line.regimen)}${line.note ? ` ${str(line.note)}` : ""}`);
        out.trailing(line);
      });
      out.closing(option.closingComments, 3, option.options.length === 0);
      out.line(2, "}");
      break;
    }
  }
}

/** `head condition` on one line, or broken before each top-level `and` / `or` when too long. */
function printCondition(out: Printer, indent: number, head: string, expr: ast.Expr): void {
  const flat = `${head} ${formatExpr(expr)}`;
  if (flat.length + indent * 2 <= WIDTH || (expr.kind !== "and" && expr.kind !== "or")) {
    out.line(indent, flat);
    return;
  }
  const [firstArg, ...rest] = expr.args;
  out.line(indent, `${head} ${operand(expr.kind, firstArg!)}`);
  for (const arg of rest) out.line(indent + 2, `${expr.kind} ${operand(expr.kind, arg)}`);
}

/** Canonical text of a regimen. */
export function regimen(r: ast.RegimenNode): string {
  return r.steps.map(step).join(" then ");
}

function step(s: ast.DoseStepNode): string {
  const parts = [s.doses.map(dose).join(" or ")];
  for (const d of s.descriptors) parts.push(d.text);
  parts.push(schedule(s.schedule));
  for (const group of s.or) parts.push(`or ${group.doses.map(dose).join(" or ")} ${schedule(group.schedule)}`);
  if (s.duration) parts.push(duration(s.duration));
  return parts.join(" ");
}

function amount(a: ast.QuantityNode | ast.StrengthNode): string {
  return a.kind === "quantity" ? quantity(a) : strength(a);
}

function strength(a: ast.StrengthNode): string {
  return a.unit === undefined ? a.amounts : `${a.amounts} ${findUnit(a.unit)?.symbol ?? a.unit}`;
}

function dose(d: ast.DoseNode): string {
  return [amount(d.amount), ...(d.to ? [`to ${amount(d.to)}`] : []), ...(d.max ? [`max ${quantity(d.max)}`] : []), ...(d.of ? [`of ${strength(d.of)}`] : [])].join(" ");
}

function schedule(s: ast.ScheduleNode): string {
  switch (s.kind) {
    case "daily":
      return `${s.frequencies.join(" or ")}${s.times ? " times" : ""} daily`;
    case "every":
      return `every ${quantity(s.interval)}`;
    case "once":
      return s.words;
    case "on-day":
      return `on ${s.dayWord} ${s.day}`;
  }
}

function duration(d: ast.StepDurationNode): string {
  switch (d.kind) {
    case "for":
      return `for ${quantity(d.length)}${d.lengthTo ? ` to ${quantity(d.lengthTo)}` : ""}`;
    case "to-complete":
      return `to complete ${quantity(d.length)}${d.lengthTo ? ` to ${quantity(d.lengthTo)}` : ""}`;
    case "until-review":
      return "until review";
  }
}

/** Canonical text of a quantity, with its unit spelled canonically. */
export function quantity(q: ast.QuantityNode): string {
  if (q.unit === undefined) return q.number;
  return `${q.number} ${findUnit(q.unit)?.symbol ?? q.unit}`;
}

/** A string literal, escaped. */
export function str(t: ast.Text): string {
  return `"${t.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Canonical text of a condition on one line. */
export function formatExpr(e: ast.Expr): string {
  switch (e.kind) {
    case "and":
    case "or":
      return e.args.map((a) => operand(e.kind, a)).join(` ${e.kind} `);
    case "not":
      return `not ${needsParens(e.arg) || e.arg.kind === "and" || e.arg.kind === "or" ? `(${formatExpr(e.arg)})` : formatExpr(e.arg)}`;
    case "compare":
      return `${value(e.left)} ${e.op} ${value(e.right)}`;
    case "between":
      return `${value(e.value)} between ${value(e.low)} and ${value(e.high)}`;
    case "is":
      return `${value(e.value)} is ${e.negated ? "not " : ""}${e.word.text}`;
    case "known":
      return `${value(e.value)} is ${e.negated ? "unknown" : "known"}`;
    case "in":
      return `${value(e.value)} in ${e.set.text}`;
    case "allergic":
      return `allergic to ${drugRef(e.target)}`;
    case "exists":
      return `${e.quantifier} ${e.subject}${e.where ? ` where ${formatExpr(e.where)}` : ""}`;
    case "truth":
      return value(e.value);
  }
}

/** An `any … where …` swallows everything after it, so inside a larger condition it needs parentheses. */
function needsParens(e: ast.Expr): boolean {
  return e.kind === "exists" && e.where !== undefined;
}

function operand(parent: "and" | "or", child: ast.Expr): string {
  const wrap = needsParens(child) || child.kind === parent || (parent === "and" && child.kind === "or");
  return wrap ? `(${formatExpr(child)})` : formatExpr(child);
}

function value(v: ast.ValueNode): string {
  switch (v.kind) {
    case "quantity":
      return quantity(v);
    case "ref":
      return v.within ? `${v.name.text} measured within ${quantity(v.within)}` : v.name.text;
    case "field":
      return `${v.subject} ${v.field.text}`;
    case "susceptibility":
      return `culture result for ${drugRef(v.drug)}`;
    case "time-since":
      return `time since ${value(v.of)}`;
    case "onset":
      return `onset of ${v.of.text}`;
    case "aggregate":
      return `${v.aggregate === "trend" ? "trend of" : v.aggregate} ${v.name.text}${v.within ? ` measured within ${quantity(v.within)}` : ""}`;
  }
}

function drugRef(d: ast.DrugRefNode): string {
  return d.kind === "course-drug" ? "course drug" : d.text;
}
