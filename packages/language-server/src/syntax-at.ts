/**
 * The syntax under the cursor. The walk is generic (any object with a `kind` and a `span` is a
 * node), so constructs added to the language are found with no change here.
 */
import type { ast } from "@steward/dsl";

/** A node of the syntax tree: anything with a kind and a span. */
export interface SyntaxNode {
  readonly kind: string;
  readonly span: ast.Span;
}

function isNode(value: unknown): value is SyntaxNode {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string" && typeof (value as { span?: unknown }).span === "object";
}

function contains(node: SyntaxNode, offset: number): boolean {
  return node.span.offset <= offset && offset <= node.span.offset + node.span.length;
}

/** The nodes containing `offset`, outermost first (the file node first). */
export function nodesAt(file: ast.FileNode, offset: number): readonly SyntaxNode[] {
  const path: SyntaxNode[] = [file];
  let current: unknown = file;
  for (;;) {
    const child = childAt(current, offset);
    if (child === undefined) return path;
    path.push(child);
    current = child;
  }
}

function childAt(value: unknown, offset: number): SyntaxNode | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, field] of Object.entries(value)) {
    if (key === "span" || key === "leadingComments" || key === "trailingComment" || key === "closingComments") continue;
    const candidates = Array.isArray(field) ? field : [field];
    for (const candidate of candidates) {
      if (isNode(candidate) && contains(candidate, offset)) return candidate;
    }
  }
  return undefined;
}

/** A word the cursor is on that may name something: a name, or a word of a scenario line. */
export interface NamedWord {
  readonly text: string;
  readonly span: ast.Span;
  /** How the word was lexed: `name`, `code`, `number`, `unit`, `keyword`, …; `text` for an import path. */
  readonly token: string;
  /** For a number with a unit, the unit as written (it ends the word's span). */
  readonly unit?: string;
  /** The node the word belongs to (a field, a code entry, a declaration, a scenario line …). */
  readonly parent: SyntaxNode;
}

/** The word under the cursor, if any. */
export function wordAt(file: ast.FileNode, offset: number): NamedWord | undefined {
  const path = nodesAt(file, offset);
  const node = path[path.length - 1]!;
  const parent = path[path.length - 2] ?? node;
  switch (node.kind) {
    case "name":
      return { text: (node as ast.Name).text, span: node.span, token: "name", parent };
    case "word": {
      const word = node as ast.WordNode;
      return { text: word.text, span: word.span, token: word.token, parent };
    }
    case "code":
      return { text: (node as ast.Literal).text, span: node.span, token: "code", parent };
    case "quantity": {
      const quantity = node as ast.QuantityNode;
      return { text: quantity.number, span: node.span, token: "number", parent, ...(quantity.unit !== undefined ? { unit: quantity.unit } : {}) };
    }
    case "text":
      return { text: (node as ast.Text).value, span: node.span, token: "text", parent };
    default:
      return undefined;
  }
}
