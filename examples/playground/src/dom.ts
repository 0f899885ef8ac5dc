/** Building DOM from data with text nodes only (never HTML strings), so rule text cannot inject markup. */

/** Children an element is built with: text, elements, or nothing. */
export type Child = string | Node | undefined | false;

/** `<tag class=…>children</tag>`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | undefined, ...children: readonly Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}
