/**
 * Hover: what the word under the cursor means. A name shows its declaration as compiled (a drug's
 * formulary facts, a code list's codes, a source's citation, a define's condition); a code shows its
 * display; a unit, a word of the language or a patient fact shows its description from core's tables.
 */
import { codeSystems, courseFields, cultureFields, describeDimension, findPatientBuiltin, findUnit, vocabulary, type ir } from "@steward/core";
import { formatExpr, type ast, type Binding } from "@steward/dsl";
import { MarkupKind, type Hover, type Position } from "vscode-languageserver";
import { bindingAt } from "./definition.js";
import { rangeOf } from "./positions.js";
import { wordAt, type NamedWord } from "./syntax-at.js";
import { wordLists } from "./word-lists.js";
import { codesInScope, type Analysis } from "./workspace.js";

/** Markdown for the word under the cursor, or undefined when there is nothing to say. */
export function hover(analysis: Analysis, position: Position): Hover | undefined {
  const positions = analysis.positions(analysis.path);
  const offset = positions.offsetAt(position);
  const word = wordAt(analysis.file.ast, offset);
  if (word === undefined) return undefined;
  const markdown = describeWord(analysis, word, offset);
  if (markdown === undefined) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: rangeOf(positions, word.span.offset, word.span.length) };
}

function describeWord(analysis: Analysis, word: NamedWord, offset: number): string | undefined {
  const binding = bindingAt(analysis, offset);
  if (binding !== undefined) return describeBinding(analysis, binding);
  if (word.token === "code" || word.token === "number") {
    const unit = unitOf(word, offset);
    return unit !== undefined ? describeUnit(unit) : describeCode(analysis, word.text);
  }
  if (word.token === "unit") return describeUnit(word.text);
  if (word.token === "name" || word.token === "keyword") return describeLanguageWord(word);
  return undefined;
}

/** In `45 mL/min/1.73m2`, the unit when the cursor is on it. */
function unitOf(word: NamedWord, offset: number): string | undefined {
  if (word.unit === undefined) return undefined;
  return offset >= word.span.offset + word.span.length - word.unit.length ? word.unit : undefined;
}

/** The IR of the declaration a name in scope refers to. */
function compiledName<T>(analysis: Analysis, name: string): T | undefined {
  const binding = analysis.scope.get(name);
  return binding === undefined ? undefined : (analysis.checked.compiled(binding.decl) as T | undefined);
}

const title = (text: string): string => `**${text.replace(/[*_`[\]]/g, "\\$&")}**`;
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const fileName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

function systemTitle(system: string): string {
  return codeSystems.find((s) => s.word === system)?.title ?? system;
}

function codingLine(c: ir.Coding): string {
  return `- ${systemTitle(c.system)} ${code(c.code)} ${c.display}${c.unverified !== undefined ? ` — **unverified**: ${c.unverified}` : ""}`;
}

function codingLines(codes: readonly ir.Coding[], limit = 12): string[] {
  const shown = codes.slice(0, limit).map(codingLine);
  return codes.length > limit ? [...shown, `- … and ${codes.length - limit} more`] : shown;
}

function citationLines(analysis: Analysis, citations: readonly ir.Citation[]): string[] {
  return citations.map((c) => {
    const source = compiledName<ir.Source>(analysis, c.source);
    return `- cites ${source?.title ?? c.source}${c.section !== undefined ? `, ${c.section}` : ""}`;
  });
}

function wordDescription(list: readonly vocabulary.Word[], word: string | undefined): string {
  return word === undefined ? "" : (list.find((w) => w.word === word)?.description ?? word);
}

/** The `when` of a rule, contraindication or resistance, as written. */
function whenLines(decl: ast.RuleDecl | ast.ContraindicationDecl | ast.ResistanceDecl): string[] {
  const when = decl.clauses.find((c): c is ast.WhenClause => c.kind === "when");
  return when !== undefined ? ["", "```stw", `when ${formatExpr(when.expr)}`, "```"] : [];
}

/** A declaration, from the IR it compiled to (or what the syntax says when it has errors). */
function describeBinding(analysis: Analysis, binding: Binding): string {
  const decl = binding.decl;
  const compiled = analysis.checked.compiled(decl);
  const where = binding.file === analysis.path ? "" : ` — from ${code(fileName(binding.file))}`;
  const head = (kind: string, name: string | undefined): string => `${name !== undefined ? `${title(name)} · ` : ""}${kind} ${code(decl.name.text)}${where}`;
  switch (decl.kind) {
    case "drug": {
      const drug = compiled as ir.Drug | undefined;
      if (drug === undefined) return `${head("drug", decl.title.value)}\n\n(has errors)`;
      const classTitle = (id: string): string => compiledName<ir.DrugClass>(analysis, id)?.title ?? id;
      return [
        head("drug", drug.name),
        "",
        ...(drug.aware !== undefined ? [`- UK-AWaRe: ${wordDescription(vocabulary.awareCategories, drug.aware)}`] : ["- UK-AWaRe: not given"]),
        `- routes: ${drug.routes.length > 0 ? drug.routes.map((r) => `${r} (${wordDescription(vocabulary.routes, r)})`).join(", ") : "none given"}`,
        ...(drug.allClasses.length > 0 ? [`- classes: ${drug.allClasses.map(classTitle).join(", ")}`] : []),
        ...(drug.oralOption !== undefined ? [`- oral option: ${code(drug.oralOption)}`] : []),
        ...codingLines(drug.codes),
        ...citationLines(analysis, drug.citations),
      ].join("\n");
    }
    case "codes": {
      const list = compiled as ir.CodeList | undefined;
      return [head("code list", decl.title?.value), "", ...(list === undefined ? ["(has errors)"] : codingLines(list.codes))].join("\n");
    }
    case "source": {
      const source = compiled as ir.Source | undefined;
      if (source === undefined) return `${head("source", undefined)}\n\n(has errors)`;
      return [head("source", source.title), "", ...(source.publisher !== undefined ? [`- publisher: ${source.publisher}`] : []), ...(source.url !== undefined ? [`- ${source.url}`] : [])].join("\n");
    }
    case "define":
      return [head("define", undefined), "", "```stw", `define ${decl.name.text} = ${formatExpr(decl.expr)}`, "```"].join("\n");
    case "parameter": {
      const value = `${decl.value.number}${decl.value.unit !== undefined ? ` ${decl.value.unit}` : ""}`;
      return [head("parameter", decl.title?.value), "", `- value: ${code(value)}`].join("\n");
    }
    case "observation": {
      const observation = compiled as ir.Observation | undefined;
      return [head("observation", decl.title?.value), "", ...(observation === undefined ? ["(has errors)"] : [`- unit: ${code(observation.unit)}`, ...codingLines(observation.codes)])].join("\n");
    }
    case "finding": {
      const finding = compiled as ir.Finding | undefined;
      return [head("finding", decl.title?.value), "", ...(finding === undefined ? [] : codingLines(finding.codes))].join("\n");
    }
    case "class": {
      const cls = compiled as ir.DrugClass | undefined;
      if (cls === undefined) return `${head("drug class", decl.title.value)}\n\n(has errors)`;
      return [
        head("drug class", cls.title),
        "",
        ...(cls.within.length > 0 ? [`- within: ${cls.within.map(code).join(", ")}`] : []),
        ...(cls.members.length > 0 ? [`- members: ${cls.members.map(code).join(", ")}`] : []),
        ...cls.crossReactivity.map((x) => `- cross-reactive${x.when === "immediate" ? " after an immediate-type reaction" : ""} with ${x.classes.map(code).join(", ")}${x.unverified !== undefined ? ` — **unverified**: ${x.unverified}` : ""}`),
        ...citationLines(analysis, cls.citations),
      ].join("\n");
    }
    case "score": {
      const score = compiled as ir.Score | undefined;
      if (score === undefined) return `${head("score", decl.title?.value)}\n\n(has errors)`;
      return [
        head("score", score.title),
        "",
        ...(score.kind === "computed"
          ? [`- computed: one point for each criterion met, ${score.min} to ${score.max}`, ...score.criteria.map((c) => `- criterion ${code(c.text)}`)]
          : [`- recorded by the host, a whole number from ${score.min} to ${score.max}`, ...codingLines(score.codes)]),
        ...citationLines(analysis, score.citations),
      ].join("\n");
    }
    case "choices": {
      const options = compiled as ir.TreatmentOption[] | undefined;
      if (options === undefined) return `${head("choices", undefined)}\n\n(has errors)`;
      const drugName = (id: string): string => compiledName<ir.Drug>(analysis, id)?.name ?? id;
      return [head("choices", undefined), "", ...options.map((o) => `- ${o.rank} choice ${drugName(o.drug)}${o.combinedWith.map((c) => ` with ${drugName(c.drug)}${c.addIf !== undefined ? ` if ${c.addIf}` : ""}`).join("")}`)].join("\n");
    }
    case "rule":
      return [head("rule", undefined), ...whenLines(decl)].join("\n");
    case "contraindication": {
      const row = compiled as ir.Contraindication | undefined;
      if (row === undefined) return `${head("contraindication", undefined)}\n\n(has errors)`;
      return [
        head("contraindication", undefined),
        "",
        `- for the ${row.target.kind} ${code(row.target.id)}`,
        `- an order raises a ${row.alert.priority} alert: ${row.alert.message}`,
        `- when unknown: ${row.ifUnknown}${row.unknownNote !== undefined ? ` (${row.unknownNote})` : ""}`,
        ...(row.unverified !== undefined ? [`- **unverified**: ${row.unverified}`] : []),
        ...citationLines(analysis, row.citations),
        ...whenLines(decl),
      ].join("\n");
    }
    case "resistance": {
      const row = compiled as ir.Resistance | undefined;
      if (row === undefined) return `${head("resistance", undefined)}\n\n(has errors)`;
      return [
        head("resistance", undefined),
        "",
        `- a result counts ${row.window.kind === "within" ? `for ${row.window.length.value} ${row.window.length.unit}` : `without a time limit: ${row.window.note}`}`,
        `- a draft order raises a ${row.alert.priority} alert: ${row.alert.message}`,
        ...citationLines(analysis, row.citations),
        ...whenLines(decl),
      ].join("\n");
    }
  }
}

/** Every code in scope with this code, with its display and the list, drug or observation it belongs to. */
function describeCode(analysis: Analysis, text: string): string | undefined {
  const lines = codesInScope(analysis).flatMap(({ name, coding }) => (coding.code === text ? [`${codingLine(coding)} (${code(name)})`] : []));
  return lines.length > 0 ? lines.join("\n") : undefined;
}

function describeUnit(text: string): string | undefined {
  const unit = findUnit(text);
  if (unit === undefined) return undefined;
  const aliases = unit.aliases.length > 0 ? `; also written ${unit.aliases.map(code).join(", ")}` : "";
  return `${code(unit.symbol)}: unit of ${describeDimension(unit.dimension)}${aliases}`;
}

/** A word of one of the language's word lists, a patient fact, or a course or culture field. */
function describeLanguageWord(word: NamedWord): string | undefined {
  if (word.parent.kind === "field" && "subject" in word.parent) {
    const fields = (word.parent as { subject: string }).subject === "course" ? courseFields : cultureFields;
    const field = fields.find((f) => f.name === word.text);
    return field !== undefined ? `${code(`${(word.parent as { subject: string }).subject} ${field.name}`)}: ${field.description}` : undefined;
  }
  const fact = findPatientBuiltin(word.text);
  if (fact !== undefined) return `${code(fact.name)}: ${fact.description}`;
  const meanings = wordLists.flatMap((list) => {
    const row = list.words.find((w) => w.word === word.text);
    return row !== undefined ? [`${code(word.text)}: ${row.description} (${listWords(list.name)})`] : [];
  });
  return meanings.length > 0 ? meanings.join("\n\n") : undefined;
}

/** `awareCategories` → `aware categories`. */
function listWords(list: string): string {
  return list.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}
