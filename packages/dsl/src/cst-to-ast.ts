/**
 * Turns the CST into the AST and attaches comments. Nodes are built in document order so comments
 * can be handed out with a single cursor. A line-level node that recovery left incomplete is dropped
 * (its syntax error is already reported), so later stages only ever see whole nodes.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as ast from "./ast.js";
import { parser } from "./parser.js";
import * as t from "./tokens.js";
import { anyWithin, isRealToken, type SourceMap } from "./span.js";

type Children = Record<string, CstElement[] | undefined>;

/** A node with its comments attached: the member of the line-level unions it was built as. */
type LineNode = ast.Item | ast.RuleClause | ast.OptionClause | ast.BlockEntry | ast.ScoreEntry | ast.ScenarioClause | ast.LineNode;


/** Thrown inside the builder when recovery left a required part out; caught at line level. */
class Incomplete extends Error {}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Incomplete();
  return value;
}

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function tokens(ctx: Children, name: string): IToken[] {
  return (ctx[name] ?? []).filter(isToken).filter(isRealToken);
}

function nodes(ctx: Children, name: string): CstNode[] {
  return (ctx[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

function first(ctx: Children, name: string): IToken | undefined {
  return tokens(ctx, name)[0];
}

function firstNode(ctx: Children, name: string): CstNode | undefined {
  return nodes(ctx, name)[0];
}

/** Unescapes a string literal's image; tolerates a missing closing quote (already reported). */
export function unescapeString(image: string): string {
  const body = image.endsWith('"') && image.length >= 2 ? image.slice(1, -1) : image.slice(1);
  return body.replace(/\\(.)/g, "$1");
}

class CommentCursor {
  private index = 0;
  constructor(
    private readonly comments: readonly IToken[],
    private readonly map: SourceMap,
  ) {}

  /** Hands out every unclaimed comment that starts before `offset`. */
  before(offset: number): ast.CommentNode[] {
    const out: ast.CommentNode[] = [];
    while (this.index < this.comments.length && this.comments[this.index]!.startOffset < offset) {
      out.push(this.toNode(this.comments[this.index]!));
      this.index++;
    }
    return out;
  }

  /** Hands out the next comment if it sits on `line`, after `offset`. */
  trailing(offset: number, line: number): ast.CommentNode | undefined {
    const next = this.comments[this.index];
    if (next !== undefined && next.startOffset >= offset && next.startLine === line) {
      this.index++;
      return this.toNode(next);
    }
    return undefined;
  }

  private toNode(token: IToken): ast.CommentNode {
    return {
      text: token.image.trimEnd(),
      span: this.map.span(token.startOffset, token.image.length),
      blankLineBefore: this.map.blankLineBefore(token.startOffset),
    };
  }
}

const BaseVisitor = parser.getBaseCstVisitorConstructor();

/** Builds the AST of one file from the parser's CST. */
export class AstBuilder extends BaseVisitor {
  private readonly cursor: CommentCursor;
  /** Where syntax errors are, ascending. */
  private readonly errorOffsets: readonly number[];

  constructor(
    private readonly map: SourceMap,
    comments: readonly IToken[],
    errorOffsets: readonly number[] = [],
  ) {
    super();
    this.errorOffsets = [...errorOffsets].sort((a, b) => a - b);
    this.cursor = new CommentCursor([...comments].sort((a, b) => a.startOffset - b.startOffset), map);
    this.validateVisitor();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private name(token: IToken | undefined): ast.Name {
    const t = need(token);
    return { kind: "name", text: t.image, span: need(this.map.token(t)) };
  }

  private text(token: IToken | undefined): ast.Text {
    const t = need(token);
    return { kind: "text", value: unescapeString(t.image), span: need(this.map.token(t)) };
  }

  private literal(kind: ast.Literal["kind"], token: IToken | undefined): ast.Literal {
    const t = need(token);
    return { kind, text: t.image, span: need(this.map.token(t)) };
  }

  private spanOf(node: CstNode) {
    return need(this.map.node(node));
  }

  /**
   * Wraps a line-level node: claims the comments before it (and, for a leaf, inside it), builds it,
   * then claims a trailing comment on its last line. Returns undefined for an incomplete node.
   */
  private line<R extends LineNode>(node: CstNode, leaf: boolean, isFirst: boolean, build: () => ast.Without<R, keyof ast.Trivia>): R | undefined {
    const span = this.map.node(node);
    if (span === undefined || node.recoveredNode === true) {
      // Drop it, but keep the cursor moving so its comments go to the next node.
      return undefined;
    }
    const end = span.offset + span.length;
    const leadingComments = this.cursor.before(leaf ? end : span.offset);
    if (leaf && this.hasErrorOnLinesOf(span.offset, end)) return undefined;
    let built: ast.Without<R, keyof ast.Trivia>;
    try {
      built = build();
    } catch (e) {
      if (e instanceof Incomplete) return undefined;
      throw e;
    }
    const trailingComment = this.cursor.trailing(end, this.map.lineOf(Math.max(span.offset, end - 1)));
    // A block never starts with a blank line: the first line of a block (comment or node) has none.
    if (isFirst && leadingComments.length > 0) leadingComments[0] = { ...leadingComments[0]!, blankLineBefore: false };
    const trivia: ast.Trivia = {
      leadingComments,
      blankLineBefore: (!isFirst || leadingComments.length > 0) && this.map.blankLineBefore(span.offset),
      ...(trailingComment !== undefined ? { trailingComment } : {}),
    };
    return { ...built, ...trivia } as unknown as R;
  }

  /** The line-level nodes of a block, in order: each built by `build`, incomplete ones dropped. */
  private lines<R extends LineNode>(cst: readonly CstNode[], leaf: (node: CstNode) => boolean, build: (ctx: Children, node: CstNode) => ast.Without<R, keyof ast.Trivia>): R[] {
    const out: R[] = [];
    for (const node of cst) {
      const built = this.line<R>(node, leaf(node), out.length === 0, () => build(node.children as Children, node));
      if (built !== undefined) out.push(built);
    }
    return out;
  }

  /**
   * True when a syntax error sits inside a leaf node or later on its last line: recovery may have
   * cut the node short, and checking the remains would only repeat the error in other words.
   */
  private hasErrorOnLinesOf(start: number, end: number): boolean {
    return anyWithin(this.errorOffsets, start, this.map.lineEnd(end));
  }

  /** Claims comments that sit before a closing brace; after `{` they start without a blank line. */
  private closing(rbrace: IToken | undefined, emptyBlock: boolean): ast.CommentNode[] {
    if (rbrace === undefined || !isRealToken(rbrace)) return [];
    const comments = this.cursor.before(rbrace.startOffset);
    if (emptyBlock && comments.length > 0) comments[0] = { ...comments[0]!, blankLineBefore: false };
    return comments;
  }

  // ---- file and declarations ------------------------------------------------------------------

  file(ctx: Children): ast.FileNode {
    const items: ast.Item[] = [];
    for (const node of nodes(ctx, "item")) {
      const item = this.item(node.children as Children, node, items.length === 0);
      if (item !== undefined) items.push(item);
    }
    const closingComments = this.cursor.before(Number.POSITIVE_INFINITY);
    if (items.length === 0 && closingComments.length > 0) closingComments[0] = { ...closingComments[0]!, blankLineBefore: false };
    return { kind: "file", items, closingComments, span: this.map.span(0, this.map.text.length) };
  }

  item(ctx: Children, node?: CstNode, isFirst = false): ast.Item | undefined {
    const [key, inner] = Object.entries(ctx)[0] ?? [];
    const child = inner?.[0];
    if (key === undefined || child === undefined || isToken(child) || node === undefined) return undefined;
    const c = child.children as Children;
    switch (key) {
      case "importDecl":
        return this.line<ast.Item>(child, true, isFirst, () => this.importDecl(c, child));
      case "guidelineDecl":
      case "sourceDecl":
      case "codesDecl":
      case "observationDecl":
      case "findingDecl":
      case "drugDecl":
      case "classDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.declaration(key, c, child));
      case "defineDecl":
        return this.line<ast.Item>(child, true, isFirst, () => this.defineDecl(c, child));
      case "parameterDecl":
        return this.line<ast.Item>(child, true, isFirst, () => this.parameterDecl(c, child));
      case "ruleDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.ruleDecl(c, child));
      case "contraindicationDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.contraindicationDecl(c, child));
      case "resistanceDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.resistanceDecl(c, child));
      case "scoreDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.scoreDecl(c, child));
      case "choicesDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.choicesDecl(c, child));
      case "testsDecl":
        return this.line<ast.Item>(child, true, isFirst, () => this.testsDecl(c, child));
      case "scenarioDecl":
        return this.line<ast.Item>(child, false, isFirst, () => this.scenarioDecl(c, child));
      default:
        return undefined;
    }
  }

  importDecl(ctx: Children, node: CstNode): Omit<ast.ImportDecl, keyof ast.Trivia> {
    const list = firstNode(ctx, "nameList");
    return {
      kind: "import",
      names: list ? this.nameList(list.children as Children) : [],
      path: this.text(first(ctx, "StringLiteral")),
      span: this.spanOf(node),
    };
  }

  nameList(ctx: Children): ast.Name[] {
    return tokens(ctx, "Identifier").map((t) => this.name(t));
  }

  private declaration(key: string, ctx: Children, node: CstNode): ast.Without<ast.Item, keyof ast.Trivia> {
    switch (key) {
      case "guidelineDecl":
        return this.guidelineDecl(ctx, node);
      case "sourceDecl":
        return this.sourceDecl(ctx, node);
      case "codesDecl":
        return this.codesDecl(ctx, node);
      case "observationDecl":
        return this.observationDecl(ctx, node);
      case "findingDecl":
        return this.findingDecl(ctx, node);
      case "drugDecl":
        return this.drugDecl(ctx, node);
      default:
        return this.classDecl(ctx, node);
    }
  }

  private header(ctx: Children, node: CstNode) {
    const titleToken = first(ctx, "StringLiteral");
    const blockNode = firstNode(ctx, "block");
    return {
      name: this.name(first(ctx, "Identifier")),
      titleToken,
      hasBlock: blockNode !== undefined,
      block: blockNode ? this.block(blockNode.children as Children) : { entries: [], closingComments: [] },
      span: this.spanOf(node),
    };
  }

  guidelineDecl(ctx: Children, node: CstNode): Omit<ast.GuidelineDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    return { kind: "guideline", name: h.name, ...h.block, span: h.span };
  }

  sourceDecl(ctx: Children, node: CstNode): Omit<ast.SourceDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    return { kind: "source", name: h.name, ...h.block, span: h.span };
  }

  codesDecl(ctx: Children, node: CstNode): Omit<ast.CodesDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    return { kind: "codes", name: h.name, ...(h.titleToken ? { title: this.text(h.titleToken) } : {}), ...h.block, span: h.span };
  }

  observationDecl(ctx: Children, node: CstNode): Omit<ast.ObservationDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    return { kind: "observation", name: h.name, ...(h.titleToken ? { title: this.text(h.titleToken) } : {}), ...h.block, span: h.span };
  }

  findingDecl(ctx: Children, node: CstNode): Omit<ast.FindingDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    return {
      kind: "finding",
      name: h.name,
      ...(h.titleToken ? { title: this.text(h.titleToken) } : {}),
      hasBlock: h.hasBlock,
      ...h.block,
      span: h.span,
    };
  }

  drugDecl(ctx: Children, node: CstNode): Omit<ast.DrugDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    return { kind: "drug", name: h.name, title: this.text(h.titleToken), ...h.block, span: h.span };
  }

  classDecl(ctx: Children, node: CstNode): Omit<ast.ClassDecl, keyof ast.Trivia> {
    const h = this.header(ctx, node);
    const within = firstNode(ctx, "nameList");
    return {
      kind: "class",
      name: h.name,
      title: this.text(h.titleToken),
      within: within ? this.nameList(within.children as Children) : [],
      hasBlock: h.hasBlock,
      ...h.block,
      span: h.span,
    };
  }

  block(ctx: Children): ast.Block {
    const entries: ast.BlockEntry[] = [];
    for (const entry of nodes(ctx, "blockEntry")) {
      const built = this.blockEntry(entry.children as Children, entries.length === 0);
      if (built !== undefined) entries.push(built);
    }
    return { entries, closingComments: this.closing(first(ctx, "RBrace"), entries.length === 0) };
  }

  blockEntry(ctx: Children, isFirst = false): ast.BlockEntry | undefined {
    const cite = firstNode(ctx, "citeClause");
    if (cite) return this.line<ast.BlockEntry>(cite, true, isFirst, () => this.citeClause(cite.children as Children, cite));
    const code = firstNode(ctx, "codeEntry");
    if (code) return this.line<ast.BlockEntry>(code, true, isFirst, () => this.codeEntry(code.children as Children, code));
    const field = firstNode(ctx, "field");
    if (field) return this.line<ast.BlockEntry>(field, true, isFirst, () => this.field(field.children as Children, field));
    const dose = firstNode(ctx, "doseEntry");
    if (dose) return this.line<ast.BlockEntry>(dose, true, isFirst, () => this.doseEntry(dose.children as Children, dose));
    return undefined;
  }

  doseEntry(ctx: Children, node: CstNode): Omit<ast.DoseEntry, keyof ast.Trivia> {
    const r = need(firstNode(ctx, "regimen"));
    const c = need(firstNode(ctx, "citeClause"));
    const cite = { ...this.citeClause(c.children as Children, c), leadingComments: [], blankLineBefore: false };
    return { kind: "dose-entry", key: this.name(first(ctx, "Identifier")), regimen: this.regimen(r.children as Children, r), cite, span: this.spanOf(node) };
  }

  citeClause(ctx: Children, node: CstNode): Omit<ast.CiteClause, keyof ast.Trivia> {
    const section = first(ctx, "StringLiteral");
    return {
      kind: "cite",
      source: this.name(first(ctx, "Identifier")),
      ...(section ? { section: this.text(section) } : {}),
      span: this.spanOf(node),
    };
  }

  codeEntry(ctx: Children, node: CstNode): Omit<ast.CodeEntry, keyof ast.Trivia> {
    const code = first(ctx, "NumberLiteral") ?? first(ctx, "HyphenCode") ?? first(ctx, "CodeWord");
    const strings = tokens(ctx, "StringLiteral");
    const hasUnverified = first(ctx, "Unverified") !== undefined;
    return {
      kind: "code-entry",
      system: this.name(first(ctx, "Identifier")),
      ...(first(ctx, "DescendantsOrSelf") !== undefined ? { descendants: true as const } : {}),
      code: this.literal("code", code),
      display: this.text(strings[0]),
      ...(hasUnverified ? { unverified: this.text(strings[1]) } : {}),
      span: this.spanOf(node),
    };
  }

  field(ctx: Children, node: CstNode): Omit<ast.Field, keyof ast.Trivia> {
    const values = nodes(ctx, "fieldValue").map((v) => this.fieldValue(v.children as Children, v));
    if (values.length === 0) throw new Incomplete();
    return { kind: "field", key: this.name(first(ctx, "Identifier")), values, span: this.spanOf(node) };
  }

  fieldValue(ctx: Children, node?: CstNode): ast.FieldValue {
    const str = first(ctx, "StringLiteral");
    if (str) return this.text(str);
    const id = first(ctx, "Identifier");
    if (id) return this.name(id);
    const version = first(ctx, "VersionLiteral");
    if (version) return this.literal("version", version);
    const date = first(ctx, "DateLiteral");
    if (date) return this.literal("date", date);
    const q = firstNode(ctx, "quantity");
    if (q) return this.quantity(q.children as Children, q);
    const unit = first(ctx, "Unit");
    if (unit) return this.name(unit);
    const code = first(ctx, "CodeWord") ?? first(ctx, "HyphenCode");
    if (code) return this.literal("code", code);
    void node;
    throw new Incomplete();
  }

  defineDecl(ctx: Children, node: CstNode): Omit<ast.DefineDecl, keyof ast.Trivia> {
    return {
      kind: "define",
      name: this.name(first(ctx, "Identifier")),
      expr: this.expr(need(firstNode(ctx, "expr")).children as Children),
      span: this.spanOf(node),
    };
  }

  parameterDecl(ctx: Children, node: CstNode): Omit<ast.ParameterDecl, keyof ast.Trivia> {
    const title = first(ctx, "StringLiteral");
    const q = need(firstNode(ctx, "quantity"));
    return {
      kind: "parameter",
      name: this.name(first(ctx, "Identifier")),
      value: this.quantity(q.children as Children, q),
      ...(title ? { title: this.text(title) } : {}),
      span: this.spanOf(node),
    };
  }

  ruleDecl(ctx: Children, node: CstNode): Omit<ast.RuleDecl, keyof ast.Trivia> {
    const name = this.name(first(ctx, "Identifier"));
    const clauses: ast.RuleClause[] = [];
    for (const clause of nodes(ctx, "ruleClause")) {
      const built = this.ruleClause(clause.children as Children, clauses.length === 0);
      if (built !== undefined) clauses.push(built);
    }
    return { kind: "rule", name, clauses, closingComments: this.closing(first(ctx, "RBrace"), clauses.length === 0), span: this.spanOf(node) };
  }

  contraindicationDecl(ctx: Children, node: CstNode): Omit<ast.ContraindicationDecl, keyof ast.Trivia> {
    return { kind: "contraindication", ...this.claused(ctx, node), target: this.name(tokens(ctx, "Identifier")[1]) };
  }

  resistanceDecl(ctx: Children, node: CstNode): Omit<ast.ResistanceDecl, keyof ast.Trivia> {
    return { kind: "resistance", ...this.claused(ctx, node) };
  }

  /** The parts a contraindication and a resistance share: a name and rule clauses. */
  private claused(ctx: Children, node: CstNode): Pick<ast.ResistanceDecl, "name" | "clauses" | "closingComments" | "span"> {
    const clauses: ast.RuleClause[] = [];
    for (const clause of nodes(ctx, "ruleClause")) {
      const built = this.ruleClause(clause.children as Children, clauses.length === 0);
      if (built !== undefined) clauses.push(built);
    }
    return { name: this.name(first(ctx, "Identifier")), clauses, closingComments: this.closing(first(ctx, "RBrace"), clauses.length === 0), span: this.spanOf(node) };
  }

  scoreDecl(ctx: Children, node: CstNode): Omit<ast.ScoreDecl, keyof ast.Trivia> {
    const title = first(ctx, "StringLiteral");
    const entries = this.lines<ast.ScoreEntry>(nodes(ctx, "scoreEntry"), () => true, (c, n) => this.scoreEntry(c, n));
    return {
      kind: "score",
      name: this.name(first(ctx, "Identifier")),
      ...(title ? { title: this.text(title) } : {}),
      entries,
      closingComments: this.closing(first(ctx, "RBrace"), entries.length === 0),
      span: this.spanOf(node),
    };
  }

  private scoreEntry(ctx: Children, node: CstNode): ast.Without<ast.ScoreEntry, keyof ast.Trivia> {
    const cite = firstNode(ctx, "citeClause");
    if (cite) return this.citeClause(cite.children as Children, cite);
    const code = firstNode(ctx, "codeEntry");
    if (code) return this.codeEntry(code.children as Children, code);
    if (first(ctx, "Criterion")) return { kind: "criterion", expr: this.expr(need(firstNode(ctx, "expr")).children as Children), span: this.spanOf(node) };
    const [min, max] = nodes(ctx, "quantity");
    return { kind: "range", min: this.quantity(need(min).children as Children, min), max: this.quantity(need(max).children as Children, max), span: this.spanOf(node) };
  }

  choicesDecl(ctx: Children, node: CstNode): Omit<ast.ChoicesDecl, keyof ast.Trivia> {
    const choices = this.lines<ast.ChoiceClause>(nodes(ctx, "choiceClause"), () => false, (c, n) => this.choiceClause(c, n));
    return { kind: "choices", name: this.name(first(ctx, "Identifier")), choices, closingComments: this.closing(first(ctx, "RBrace"), choices.length === 0), span: this.spanOf(node) };
  }

  // ---- scenario tests --------------------------------------------------------------------------

  testsDecl(ctx: Children, node: CstNode): ast.Without<ast.TestsDecl, keyof ast.Trivia> {
    const at = first(ctx, "DateTimeLiteral");
    return { kind: "tests", path: this.text(first(ctx, "StringLiteral")), ...(at ? { at: this.literal("datetime", at) } : {}), span: this.spanOf(node) };
  }

  scenarioDecl(ctx: Children, node: CstNode): ast.Without<ast.ScenarioDecl, keyof ast.Trivia> {
    const title = this.text(first(ctx, "StringLiteral"));
    const clauses = this.lines<ast.ScenarioClause>(nodes(ctx, "scenarioClause"), (n) => first(n.children as Children, "At") !== undefined, (c, n) => this.scenarioClause(c, n));
    return { kind: "scenario", title, clauses, closingComments: this.closing(first(ctx, "RBrace"), clauses.length === 0), span: this.spanOf(node) };
  }

  scenarioClause(ctx: Children, node: CstNode): ast.Without<ast.ScenarioClause, keyof ast.Trivia> {
    const span = this.spanOf(node);
    if (first(ctx, "At")) return { kind: "at", time: this.literal("datetime", first(ctx, "DateTimeLiteral")), span };
    const lines = this.lines<ast.LineNode>(nodes(ctx, "scenarioLine"), () => true, (c, n) => this.scenarioLine(c, n));
    return { kind: first(ctx, "Given") ? "given" : "expect", lines, closingComments: this.closing(first(ctx, "RBrace"), lines.length === 0), span };
  }

  /** A line of a `given` or `expect` block: its words in order (the line end is not a word). */
  scenarioLine(ctx: Children, node: CstNode): ast.Without<ast.LineNode, keyof ast.Trivia> {
    const words = tokens(ctx, "Word").map((token): ast.WordNode => {
      const span = need(this.map.token(token));
      const type = token.tokenType;
      const kind: ast.WordNode["token"] =
        type === t.StringLiteral ? "text"
        : type === t.Identifier ? "name"
        : type === t.NumberLiteral ? "number"
        : type === t.Unit ? "unit"
        : type === t.DateLiteral ? "date"
        : type === t.DateTimeLiteral ? "datetime"
        : type === t.VersionLiteral ? "version"
        : type === t.CodeWord || type === t.HyphenCode ? "code"
        : /^[a-z]/.test(token.image) ? "keyword"
        : "symbol";
      return { kind: "word", token: kind, text: kind === "text" ? unescapeString(token.image) : token.image, span };
    });
    if (words.length === 0) throw new Incomplete();
    // The line's span ends at its last word (the inserted line end has no width).
    const last = words[words.length - 1]!.span;
    void node;
    return { kind: "line", words, span: this.map.between(words[0]!.span.offset, last.offset + last.length - 1) };
  }

  // ---- rule clauses ---------------------------------------------------------------------------

  ruleClause(ctx: Children, isFirst = false): ast.RuleClause | undefined {
    const [key, inner] = Object.entries(ctx)[0] ?? [];
    const child = inner?.[0];
    if (key === undefined || child === undefined || isToken(child)) return undefined;
    const c = child.children as Children;
    const leaf = key !== "choiceClause";
    return this.line<ast.RuleClause>(child, leaf, isFirst, () => this.clause(key, c, child));
  }

  private clause(key: string, ctx: Children, node: CstNode): ast.Without<ast.RuleClause, keyof ast.Trivia> {
    switch (key) {
      case "citeClause":
        return this.citeClause(ctx, node);
      case "whenClause":
        return this.whenClause(ctx, node);
      case "strategyClause":
        return this.strategyClause(ctx, node);
      case "choiceClause":
        return this.choiceClause(ctx, node);
      case "textClause":
        return this.textClause(ctx, node);
      case "alertClause":
        return this.alertClause(ctx, node);
      case "reviewClause":
        return this.reviewClause(ctx, node);
      case "referClause":
        return this.referClause(ctx, node);
      case "forEachClause":
        return this.forEachClause(ctx, node);
      case "suggestClause":
        return this.suggestClause(ctx, node);
      case "offerClause":
        return this.offerClause(ctx, node);
      case "unverifiedClause":
        return this.unverifiedClause(ctx, node);
      case "ifUnknownClause":
        return this.ifUnknownClause(ctx, node);
      case "windowClause":
        return this.windowClause(ctx, node);
      default:
        return this.requestClause(ctx, node);
    }
  }

  ifUnknownClause(ctx: Children, node: CstNode): Omit<ast.IfUnknownClause, keyof ast.Trivia> {
    return this.optionClause(ctx, node) as Omit<ast.IfUnknownClause, keyof ast.Trivia>;
  }

  windowClause(ctx: Children, node: CstNode): Omit<ast.WindowClause, keyof ast.Trivia> {
    const q = firstNode(ctx, "quantity");
    const word = tokens(ctx, "Identifier")[0];
    const note = first(ctx, "StringLiteral");
    return {
      kind: "window",
      ...(q ? { length: this.quantity(q.children as Children, q) } : {}),
      ...(word ? { word: this.name(word) } : {}),
      ...(note ? { note: this.text(note) } : {}),
      span: this.spanOf(node),
    };
  }

  whenClause(ctx: Children, node: CstNode): Omit<ast.WhenClause, keyof ast.Trivia> {
    return { kind: "when", expr: this.expr(need(firstNode(ctx, "expr")).children as Children), span: this.spanOf(node) };
  }

  strategyClause(ctx: Children, node: CstNode): Omit<ast.StrategyClause, keyof ast.Trivia> {
    const advice = first(ctx, "StringLiteral");
    const delay = firstNode(ctx, "quantity");
    if (first(ctx, "After")) need(delay);
    return {
      kind: "strategy",
      strategy: this.name(first(ctx, "Identifier")),
      ...(delay ? { delay: this.quantity(delay.children as Children, delay) } : {}),
      ...(advice ? { advice: this.text(advice) } : {}),
      span: this.spanOf(node),
    };
  }

  textClause(ctx: Children, node: CstNode): Omit<ast.TextClause, keyof ast.Trivia> {
    const kind = first(ctx, "Identifier");
    return {
      kind: first(ctx, "Advice") ? "advice" : "leaflet",
      ...(kind ? { adviceKind: this.name(kind) } : {}),
      text: this.text(first(ctx, "StringLiteral")),
      span: this.spanOf(node),
    };
  }

  alertClause(ctx: Children, node: CstNode): Omit<ast.AlertClause, keyof ast.Trivia> {
    const ids = tokens(ctx, "Identifier");
    const hasKey = first(ctx, "Key") !== undefined;
    const recommends = ids.slice(hasKey ? 2 : 1).find((i) => i.image === "recommends");
    const outcome = recommends !== undefined ? ids[ids.indexOf(recommends) + 1] : undefined;
    return {
      kind: "alert",
      priority: this.name(ids[0]),
      message: this.text(first(ctx, "StringLiteral")),
      ...(hasKey ? { key: this.name(ids[1]) } : {}),
      ...(outcome !== undefined ? { recommends: this.name(outcome) } : {}),
      card: this.cardText(ctx),
      span: this.spanOf(node),
    };
  }

  /** The parts of a card's text after a clause: each word, an override's code, and its text, in order. */
  cardText(ctx: Children): ast.CardTextPart[] {
    const node = firstNode(ctx, "cardText");
    if (node === undefined) return [];
    const c = node.children as Children;
    const toks = [...tokens(c, "Identifier"), ...tokens(c, "StringLiteral")].sort((a, b) => a.startOffset - b.startOffset);
    const parts: ast.CardTextPart[] = [];
    for (let i = 0; i < toks.length; ) {
      const word = toks[i++]!;
      const code = toks[i]?.tokenType === t.Identifier ? toks[i++] : undefined;
      const text = toks[i++];
      if (text === undefined) throw new Incomplete();
      parts.push({ word: this.name(word), ...(code ? { code: this.name(code) } : {}), text: this.text(text) });
    }
    return parts;
  }

  reviewClause(ctx: Children, node: CstNode): Omit<ast.ReviewClause, keyof ast.Trivia> {
    const quantities = nodes(ctx, "quantity");
    const q = need(quantities[0]);
    const ids = tokens(ctx, "Identifier");
    const fromWord = first(ctx, "From") !== undefined ? ids[0] : undefined;
    const overdue = ids.find((i) => i.image === "overdue" && i !== fromWord);
    const list = firstNode(ctx, "nameList");
    const overdueQ = overdue !== undefined ? need(quantities[1]) : undefined;
    return {
      kind: "review",
      after: this.quantity(q.children as Children, q),
      ...(fromWord ? { from: this.name(fromWord) } : {}),
      ...(overdueQ ? { overdueAfter: this.quantity(overdueQ.children as Children, overdueQ) } : {}),
      outcomes: list ? this.nameList(list.children as Children) : [],
      card: this.cardText(ctx),
      span: this.spanOf(node),
    };
  }

  forEachClause(ctx: Children, node: CstNode): Omit<ast.ForEachClause, keyof ast.Trivia> {
    const subjects = [...tokens(ctx, "Course"), ...tokens(ctx, "Culture")]
      .sort((a, b) => a.startOffset - b.startOffset)
      .map((tok) => (tok.tokenType === t.Course ? "course" : "culture") as "course" | "culture");
    if (subjects.length === 0) throw new Incomplete();
    return { kind: "for-each", subjects, span: this.spanOf(node) };
  }

  suggestClause(ctx: Children, node: CstNode): Omit<ast.SuggestClause, keyof ast.Trivia> {
    const reason = first(ctx, "StringLiteral");
    return { kind: "suggest", suggestion: this.name(first(ctx, "Identifier")), ...(reason ? { reason: this.text(reason) } : {}), card: this.cardText(ctx), span: this.spanOf(node) };
  }

  unverifiedClause(ctx: Children, node: CstNode): Omit<ast.UnverifiedClause, keyof ast.Trivia> {
    return { kind: "unverified", why: this.text(first(ctx, "StringLiteral")), span: this.spanOf(node) };
  }

  offerClause(ctx: Children, node: CstNode): Omit<ast.OfferClause, keyof ast.Trivia> {
    return { kind: "offer", choices: this.name(first(ctx, "Identifier")), span: this.spanOf(node) };
  }

  referClause(ctx: Children, node: CstNode): Omit<ast.ReferClause, keyof ast.Trivia> {
    const ids = tokens(ctx, "Identifier");
    const strings = tokens(ctx, "StringLiteral");
    // With `unverified`, its note is the first string and the reason the second.
    const note = first(ctx, "Unverified") !== undefined ? strings[0] : undefined;
    const reason = note !== undefined ? strings[1] : strings[0];
    return {
      kind: "refer",
      target: this.name(ids[0]),
      ...(ids[1] ? { urgency: this.name(ids[1]) } : {}),
      ...(reason ? { reason: this.text(reason) } : {}),
      ...(note ? { unverified: this.text(note) } : {}),
      card: this.cardText(ctx),
      span: this.spanOf(node),
    };
  }

  requestClause(ctx: Children, node: CstNode): Omit<ast.RequestClause, keyof ast.Trivia> {
    const reason = first(ctx, "StringLiteral");
    return { kind: "request", target: this.name(first(ctx, "Identifier")), ...(reason ? { reason: this.text(reason) } : {}), card: this.cardText(ctx), span: this.spanOf(node) };
  }

  choiceClause(ctx: Children, node: CstNode): Omit<ast.ChoiceClause, keyof ast.Trivia> {
    const rank = first(ctx, "First") ? "first" : first(ctx, "Second") ? "second" : "alternative";
    const regimenNode = firstNode(ctx, "regimen");
    const hasBlock = first(ctx, "LBrace") !== undefined;
    // A `with` that has a block of its own holds lines (and comments) of its own.
    const leaf = (option: CstNode): boolean => {
      const companion = firstNode(option.children as Children, "withClause");
      return companion === undefined || first(companion.children as Children, "LBrace") === undefined;
    };
    const options = this.lines<ast.OptionClause>(nodes(ctx, "optionClause"), leaf, (c, n) => this.optionClause(c, n));
    return {
      kind: "choice",
      rank,
      drug: this.name(first(ctx, "Identifier")),
      ...(regimenNode ? { regimen: this.regimen(regimenNode.children as Children, regimenNode) } : {}),
      options,
      hasBlock,
      closingComments: hasBlock ? this.closing(first(ctx, "RBrace"), options.length === 0) : [],
      span: this.spanOf(node),
    };
  }

  optionClause(ctx: Children, node: CstNode): ast.Without<ast.OptionClause, keyof ast.Trivia> {
    const span = this.spanOf(node);
    const companion = firstNode(ctx, "withClause");
    if (companion) return this.withClause(companion.children as Children, span);
    const unverified = firstNode(ctx, "unverifiedClause");
    if (unverified) return this.unverifiedClause(unverified.children as Children, unverified);
    const str = first(ctx, "StringLiteral");
    if (first(ctx, "Or")) {
      const r = need(firstNode(ctx, "regimen"));
      return { kind: "or-regimen", regimen: this.regimen(r.children as Children, r), ...(str ? { note: this.text(str) } : {}), span };
    }
    if (first(ctx, "Only")) return { kind: "only-if", expr: this.expr(need(firstNode(ctx, "expr")).children as Children), span };
    if (first(ctx, "Unknown")) {
      const action = first(ctx, "Offer") ? "offer" : first(ctx, "Exclude") ? "exclude" : "withhold";
      return { kind: "if-unknown", action, ...(str ? { note: this.text(str) } : {}), span };
    }
    return { kind: "note", text: this.text(str), span };
  }

  private withClause(ctx: Children, span: ast.Span): ast.Without<ast.WithClause, keyof ast.Trivia> {
    const r = need(firstNode(ctx, "regimen"));
    const addIf = first(ctx, "StringLiteral");
    const hasBlock = first(ctx, "LBrace") !== undefined;
    const options = this.lines<ast.OrRegimenClause>(nodes(ctx, "companionClause"), () => true, (c, n) => this.companionClause(c, n));
    return {
      kind: "with",
      drug: this.name(first(ctx, "Identifier")),
      regimen: this.regimen(r.children as Children, r),
      ...(addIf ? { addIf: this.text(addIf) } : {}),
      options,
      hasBlock,
      closingComments: hasBlock ? this.closing(first(ctx, "RBrace"), options.length === 0) : [],
      span,
    };
  }

  /** `or <regimen> "note"` inside a `with` block. */
  companionClause(ctx: Children, node: CstNode): Omit<ast.OrRegimenClause, keyof ast.Trivia> {
    const regimen = need(firstNode(ctx, "regimen"));
    const note = first(ctx, "StringLiteral");
    return { kind: "or-regimen", regimen: this.regimen(regimen.children as Children, regimen), ...(note ? { note: this.text(note) } : {}), span: this.spanOf(node) };
  }

  regimen(ctx: Children, node: CstNode): ast.RegimenNode {
    const steps = nodes(ctx, "doseStep").map((s) => this.doseStep(s.children as Children, s));
    if (steps.length === 0) throw new Incomplete();
    return { kind: "regimen", steps, span: this.spanOf(node) };
  }

  doseStep(ctx: Children, node: CstNode): ast.DoseStepNode {
    const groups = nodes(ctx, "doseGroup").map((g) => this.doseGroup(g.children as Children));
    const single = firstNode(ctx, "singleSchedule");
    const schedules = single ? [single] : nodes(ctx, "schedule");
    const durationNode = firstNode(ctx, "stepDuration");
    const firstGroup = need(groups[0]);
    const or = groups.slice(1).map((doses, i): ast.DoseGroupNode => {
      const schedule = need(schedules[i + 1]);
      return { doses, schedule: this.schedule(schedule.children as Children, schedule) };
    });
    const schedule = need(schedules[0]);
    return {
      kind: "dose-step",
      doses: firstGroup,
      descriptors: tokens(ctx, "Identifier").map((t) => this.name(t)),
      schedule: this.schedule(schedule.children as Children, schedule),
      or,
      ...(durationNode ? { duration: this.stepDuration(durationNode.children as Children, durationNode) } : {}),
      span: this.spanOf(node),
    };
  }

  private doseGroup(ctx: Children): ast.DoseNode[] {
    const doses = nodes(ctx, "dose").map((d) => this.dose(d.children as Children, d));
    if (doses.length === 0) throw new Incomplete();
    return doses;
  }

  private dose(ctx: Children, node: CstNode): ast.DoseNode {
    const [amount, to] = nodes(ctx, "amount");
    const max = firstNode(ctx, "quantity");
    const of = first(ctx, "StrengthLiteral");
    const ofUnit = first(ctx, "Unit");
    return {
      kind: "dose",
      amount: this.amount(need(amount).children as Children, amount!),
      ...(to ? { to: this.amount(to.children as Children, to) } : {}),
      ...(max ? { max: this.quantity(max.children as Children, max) } : {}),
      ...(of ? { of: this.strength(of, ofUnit) } : {}),
      span: this.spanOf(node),
    };
  }

  private amount(ctx: Children, node: CstNode): ast.QuantityNode | ast.StrengthNode {
    const strength = first(ctx, "StrengthLiteral");
    if (strength === undefined) return this.length(ctx, node);
    return { ...this.strength(strength, first(ctx, "Unit")), span: this.spanOf(node) };
  }

  private strength(token: IToken, unit: IToken | undefined): ast.StrengthNode {
    const span = need(this.map.token(token));
    const end = unit !== undefined ? need(this.map.token(unit)) : span;
    return { kind: "strength", amounts: token.image, ...(unit ? { unit: unit.image } : {}), span: this.map.between(span.offset, end.offset + end.length - 1) };
  }

  schedule(ctx: Children, node: CstNode): ast.ScheduleNode {
    const span = this.spanOf(node);
    if (first(ctx, "Single")) return { kind: "once", words: "single dose", span };
    if (first(ctx, "On")) return { kind: "on-day", dayWord: need(first(ctx, "Unit")).image, day: need(first(ctx, "NumberLiteral")).image, span };
    if (first(ctx, "Every")) {
      const q = need(firstNode(ctx, "quantity"));
      return { kind: "every", interval: this.quantity(q.children as Children, q), span };
    }
    const frequencies = nodes(ctx, "frequency").map((f) => this.frequency(f.children as Children));
    // `once` on its own (a single schedule) has no frequency node
    if (frequencies.length === 0) return { kind: "once", words: "once", span };
    need(first(ctx, "Daily"));
    return { kind: "daily", frequencies, times: first(ctx, "Times") !== undefined, span };
  }

  singleSchedule(ctx: Children, node: CstNode): ast.ScheduleNode {
    return this.schedule(ctx, node);
  }

  frequency(ctx: Children): ast.FrequencyWord {
    return first(ctx, "Once") ? "once" : first(ctx, "Twice") ? "twice" : first(ctx, "Three") ? "three" : "four";
  }

  stepDuration(ctx: Children, node: CstNode): ast.StepDurationNode {
    const span = this.spanOf(node);
    if (first(ctx, "Until")) return { kind: "until-review", span };
    const [q, to] = nodes(ctx, "length");
    return {
      kind: first(ctx, "Complete") ? "to-complete" : "for",
      length: this.length(need(q).children as Children, q!),
      ...(to ? { lengthTo: this.length(to.children as Children, to) } : {}),
      span,
    };
  }

  /** A quantity whose number may be a hyphenated range as written (`5-7`), which the checker reports. */
  length(ctx: Children, node: CstNode): ast.QuantityNode {
    const number = need(first(ctx, "NumberLiteral") ?? first(ctx, "HyphenCode"));
    const unit = first(ctx, "Unit");
    return { kind: "quantity", number: number.image, ...(unit ? { unit: unit.image } : {}), span: this.spanOf(node) };
  }

  quantity(ctx: Children, node?: CstNode): ast.QuantityNode {
    const number = need(first(ctx, "NumberLiteral"));
    const unit = first(ctx, "Unit");
    return {
      kind: "quantity",
      number: number.image,
      ...(unit ? { unit: unit.image } : {}),
      span: node ? this.spanOf(node) : need(this.map.token(number)),
    };
  }

  // ---- conditions -----------------------------------------------------------------------------

  expr(ctx: Children, node?: CstNode): ast.Expr {
    const args = nodes(ctx, "andExpr").map((n) => this.andExpr(n.children as Children, n));
    if (args.length === 0) throw new Incomplete();
    if (args.length === 1) return args[0]!;
    void node;
    return { kind: "or", args, span: this.cover(args) };
  }

  andExpr(ctx: Children, node?: CstNode): ast.Expr {
    const args = nodes(ctx, "notExpr").map((n) => this.notExpr(n.children as Children, n));
    if (args.length === 0) throw new Incomplete();
    if (args.length === 1) return args[0]!;
    void node;
    return { kind: "and", args, span: this.cover(args) };
  }

  private cover(args: readonly { span: ast.Span }[]): ast.Span {
    const start = args[0]!.span;
    const end = args[args.length - 1]!.span;
    return this.map.between(start.offset, end.offset + end.length - 1);
  }

  notExpr(ctx: Children, node: CstNode): ast.Expr {
    const inner = firstNode(ctx, "notExpr");
    if (first(ctx, "Not")) {
      return { kind: "not", arg: this.notExpr(need(inner).children as Children, need(inner)), span: this.spanOf(node) };
    }
    const p = need(firstNode(ctx, "predicate"));
    return this.predicate(p.children as Children, p);
  }

  predicate(ctx: Children, node: CstNode): ast.Expr {
    const span = this.spanOf(node);
    if (first(ctx, "LParen")) {
      need(first(ctx, "RParen"));
      return this.expr(need(firstNode(ctx, "expr")).children as Children);
    }
    if (first(ctx, "Allergic")) {
      const d = need(firstNode(ctx, "drugRef"));
      return { kind: "allergic", target: this.drugRef(d.children as Children, d), span };
    }
    const quantifier = first(ctx, "Any") ? "any" : first(ctx, "No") ? "no" : undefined;
    if (quantifier !== undefined) {
      const where = firstNode(ctx, "expr");
      if (first(ctx, "Where")) need(where);
      return {
        kind: "exists",
        quantifier,
        subject: first(ctx, "Course") ? "course" : "culture",
        ...(where ? { where: this.expr(where.children as Children) } : {}),
        span,
      };
    }
    const termNode = need(firstNode(ctx, "valueTerm"));
    const value = this.valueTerm(termNode.children as Children, termNode);
    const tailNode = firstNode(ctx, "comparisonTail");
    if (tailNode === undefined) return { kind: "truth", value, span };
    return this.comparisonTail(tailNode.children as Children, value, span);
  }

  comparisonTail(ctx: Children, value: ast.ValueNode, span: ast.Span): ast.Expr {
    const operands = nodes(ctx, "operand").map((o) => this.operand(o.children as Children, o));
    if (first(ctx, "Is")) {
      const negated = first(ctx, "Not") !== undefined;
      if (first(ctx, "Known")) return { kind: "known", value, negated, span };
      if (first(ctx, "Unknown")) return { kind: "known", value, negated: !negated, span };
      return { kind: "is", value, word: this.name(first(ctx, "Identifier")), negated, span };
    }
    if (first(ctx, "In")) return { kind: "in", value, set: this.name(first(ctx, "Identifier")), span };
    if (first(ctx, "Between")) return { kind: "between", value, low: need(operands[0]), high: need(operands[1]), span };
    const op = first(ctx, "GreaterEqual")
      ? ">="
      : first(ctx, "LessEqual")
        ? "<="
        : first(ctx, "NotEqual")
          ? "!="
          : first(ctx, "Greater")
            ? ">"
            : first(ctx, "Less")
              ? "<"
              : first(ctx, "Equals")
                ? "="
                : undefined;
    return { kind: "compare", op: need(op), left: value, right: need(operands[0]), span };
  }

  operand(ctx: Children, node?: CstNode): ast.ValueNode {
    const q = firstNode(ctx, "quantity");
    if (q) return this.quantity(q.children as Children, q);
    const term = need(firstNode(ctx, "valueTerm"));
    void node;
    return this.valueTerm(term.children as Children, term);
  }

  valueTerm(ctx: Children, node: CstNode): ast.ValueNode {
    const span = this.spanOf(node);
    const aggregate = first(ctx, "Highest") ? "highest" : first(ctx, "Lowest") ? "lowest" : first(ctx, "Trend") ? "trend" : undefined;
    if (aggregate !== undefined) {
      const q = firstNode(ctx, "quantity");
      return { kind: "aggregate", aggregate, name: this.name(first(ctx, "Identifier")), ...(q ? { within: this.quantity(q.children as Children, q) } : {}), span };
    }
    if (first(ctx, "Time")) {
      const inner = need(firstNode(ctx, "valueTerm"));
      return { kind: "time-since", of: this.valueTerm(inner.children as Children, inner), span };
    }
    if (first(ctx, "Onset")) return { kind: "onset", of: this.name(first(ctx, "Identifier")), span };
    if (first(ctx, "Course")) {
      // `drug` and `review` are reserved words that are also course fields.
      const word = first(ctx, "Drug") ?? first(ctx, "Review");
      const field: ast.Name = word ? { kind: "name", text: word.image, span: need(this.map.token(word)) } : this.name(first(ctx, "Identifier"));
      return { kind: "field", subject: "course", field, span };
    }
    if (first(ctx, "Culture")) {
      if (first(ctx, "Result")) {
        const d = need(firstNode(ctx, "drugRef"));
        return { kind: "susceptibility", drug: this.drugRef(d.children as Children, d), span };
      }
      return { kind: "field", subject: "culture", field: this.name(first(ctx, "Identifier")), span };
    }
    const q = firstNode(ctx, "quantity");
    const within = q && first(ctx, "Measured") ? this.quantity(q.children as Children, q) : undefined;
    return { kind: "ref", name: this.name(first(ctx, "Identifier")), ...(within ? { within } : {}), span };
  }

  drugRef(ctx: Children, node: CstNode): ast.DrugRefNode {
    if (first(ctx, "Course")) return { kind: "course-drug", span: this.spanOf(node) };
    return this.name(first(ctx, "Identifier"));
  }

}
