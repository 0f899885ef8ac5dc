/**
 * Completion from the grammar: `contentAssist` says which keywords and kinds of token may come next
 * and in which grammar rule; a name is then offered from the names in scope of the kinds that rule
 * reads (a drug after `first choice`, a source after `cite` …), a word from core's word lists, a unit
 * from the unit table, and in a scenario line the codes of the code lists after a code system.
 * A rule this table does not know offers every name in scope, so new syntax still gets suggestions.
 */
import { codeSystems, courseFields, cultureFields, patientBuiltins, units, vocabulary } from "@steward/core";
import { contentAssist, lex, type Binding } from "@steward/dsl";
import { CompletionItemKind, type CompletionItem, type Position } from "vscode-languageserver";
import { rangeOf } from "./positions.js";
import { wordLists, type WordList } from "./word-lists.js";
import { codesInScope, type Analysis } from "./workspace.js";

type DeclarationKind = Binding["decl"]["kind"];

/** What a name read by a grammar rule may be. */
interface Offer {
  /** Kinds of declaration in scope; `all` for every name. */
  readonly kinds?: readonly DeclarationKind[] | "all";
  readonly words?: readonly WordList[];
  /** Patient facts (`age`, `pregnant` …). */
  readonly facts?: boolean;
  /** Code system words (`snomed`, `dmd` …). */
  readonly systems?: boolean;
}

const allWords: readonly WordList[] = wordLists.map((list) => list.words);

/** What a grammar rule the table below does not know offers. */
const anything: Offer = { kinds: "all", facts: true };

/** By the innermost grammar rule reading a name: what that name may be. Declaring a new name offers nothing. */
const offers: Readonly<Record<string, Offer>> = {
  choiceClause: { kinds: ["drug"] },
  withClause: { kinds: ["drug"] },
  offerClause: { kinds: ["choices"] },
  textClause: { words: [vocabulary.adviceKinds] },
  drugRef: { kinds: ["drug", "class"] },
  citeClause: { kinds: ["source"] },
  comparisonTail: { kinds: ["codes", "class", "drug"], words: [vocabulary.sexes, vocabulary.routes, vocabulary.specimens, vocabulary.susceptibilities, vocabulary.trends, vocabulary.orderStatuses] },
  valueTerm: { kinds: ["define", "observation", "finding", "parameter", "score"], facts: true },
  requestClause: { kinds: ["observation", "finding"], facts: true },
  nameList: { kinds: ["class", "drug", "codes", "source", "observation", "finding", "define", "parameter"], words: [vocabulary.reviewOutcomes] },
  strategyClause: { words: [vocabulary.strategies] },
  alertClause: { words: [vocabulary.alertPriorities, vocabulary.reviewOutcomes] },
  referClause: { words: [vocabulary.referralTargets, vocabulary.referralUrgencies] },
  suggestClause: { words: [vocabulary.suggestions] },
  doseStep: { words: [vocabulary.forms, vocabulary.routes] },
  fieldValue: { kinds: ["class", "drug", "source"], words: allWords },
  codeEntry: { systems: true },
  field: {},
  guidelineDecl: {},
  sourceDecl: {},
  codesDecl: {},
  observationDecl: {},
  findingDecl: {},
  classDecl: {},
  drugDecl: {},
  defineDecl: {},
  parameterDecl: {},
  scoreDecl: {},
  choicesDecl: {},
  ruleDecl: {},
  // `contraindication <new id> for <drug or class>`
  contraindicationDecl: { kinds: ["drug", "class"] },
  resistanceDecl: {},
};

const declarationItemKinds: Record<DeclarationKind, CompletionItemKind> = {
  drug: CompletionItemKind.Value,
  class: CompletionItemKind.Class,
  codes: CompletionItemKind.Enum,
  source: CompletionItemKind.Reference,
  observation: CompletionItemKind.Field,
  finding: CompletionItemKind.Property,
  define: CompletionItemKind.Function,
  parameter: CompletionItemKind.Variable,
  score: CompletionItemKind.Constant,
  choices: CompletionItemKind.Struct,
  rule: CompletionItemKind.Module,
  contraindication: CompletionItemKind.Interface,
  resistance: CompletionItemKind.Interface,
};

/** What may be written at `position`. */
export function complete(analysis: Analysis, position: Position): CompletionItem[] {
  const positions = analysis.positions(analysis.path);
  const offset = positions.offsetAt(position);
  const text = analysis.file.text;
  const assist = contentAssist(text, offset);
  const from = assist.partial?.offset ?? offset;
  const range = rangeOf(positions, from, offset - from);
  const previous = lex(text.slice(0, from)).filter((l) => l.kind !== "comment").pop()?.text;
  const items = new Map<string, CompletionItem>();
  const add = (item: Omit<CompletionItem, "textEdit">): void => {
    if (!items.has(item.label)) items.set(item.label, { ...item, textEdit: { range, newText: item.label } });
  };

  for (const expected of assist.expected) {
    const rule = expected.rules[expected.rules.length - 1] ?? "";
    switch (expected.kind) {
      case "keyword":
        add({ label: expected.keyword!, kind: CompletionItemKind.Keyword, sortText: `2${expected.keyword}` });
        break;
      case "unit":
        for (const unit of units) for (const spelling of [unit.symbol, ...unit.aliases]) add({ label: spelling, kind: CompletionItemKind.Unit, detail: `unit (${unit.dimension})`, sortText: `1${spelling}` });
        break;
      case "name":
        if (previous === "key" || previous === "contraindication") break; // an alert's dedupe key and a declared id are new words
        offerNames(analysis, rule === "valueTerm" && (previous === "course" || previous === "culture") ? previous : (offers[rule] ?? anything), add);
        break;
      case "word":
        if (previous !== undefined && codeSystems.some((s) => s.word === previous)) offerCodes(analysis, previous, add);
        else offerNames(analysis, { kinds: "all", words: allWords }, add);
        break;
      default:
        break;
    }
  }
  return [...items.values()];
}

function offerNames(analysis: Analysis, offer: Offer | "course" | "culture", add: (item: Omit<CompletionItem, "textEdit">) => void): void {
  if (offer === "course" || offer === "culture") {
    for (const field of offer === "course" ? courseFields : cultureFields) add({ label: field.name, kind: CompletionItemKind.Field, detail: `${offer} field`, documentation: field.description, sortText: `0${field.name}` });
    return;
  }
  const kinds = offer.kinds ?? [];
  for (const [name, binding] of analysis.scope) {
    if (kinds !== "all" && !kinds.includes(binding.decl.kind)) continue;
    const title = "title" in binding.decl && binding.decl.title !== undefined ? binding.decl.title.value : undefined;
    add({ label: name, kind: declarationItemKinds[binding.decl.kind], detail: `${binding.decl.kind}${title !== undefined ? ` · ${title}` : ""}`, sortText: `0${name}` });
  }
  if (offer.facts === true) for (const fact of patientBuiltins) add({ label: fact.name, kind: CompletionItemKind.Property, detail: "patient fact", documentation: fact.description, sortText: `0${fact.name}` });
  for (const list of offer.words ?? []) for (const word of list) add({ label: word.word, kind: CompletionItemKind.EnumMember, detail: word.description, sortText: `1${word.word}` });
  if (offer.systems === true) for (const system of codeSystems) add({ label: system.word, kind: CompletionItemKind.EnumMember, detail: system.title, sortText: `0${system.word}` });
}

/** The codes of the code lists (and drugs, observations, findings) in scope in one code system, with their displays. */
function offerCodes(analysis: Analysis, system: string, add: (item: Omit<CompletionItem, "textEdit">) => void): void {
  for (const { name, coding: c } of codesInScope(analysis)) {
    if (c.system === system) add({ label: c.code, kind: CompletionItemKind.Value, detail: `${c.display} (${name})${c.unverified !== undefined ? " — unverified" : ""}`, sortText: `0${c.code}` });
  }
}
