/**
 * The slice of the DOM the dashboard uses, typed here: the project's tsconfig has no "dom"
 * lib (most of the code is Node, and the DOM's globals would change its types), so the
 * webview names what it needs.
 *
 * The one rule: data from models, settings and errors goes into the page as text
 * (`append(string)` makes a Text node, `textContent`), never as markup. Nothing here
 * offers innerHTML, and `h`/`svg` take children as nodes or text only.
 */
export interface DomEvent {
  readonly type: string;
  readonly target: unknown;
  preventDefault(): void;
}

export interface DomEventTarget {
  addEventListener(type: string, listener: (event: DomEvent & { readonly data?: unknown }) => void): void;
}

export interface DomNode extends DomEventTarget {
  textContent: string | null;
}

export interface DomElement extends DomNode {
  id: string;
  readonly classList: { add(...tokens: string[]): void; remove(...tokens: string[]): void; toggle(token: string, force?: boolean): boolean; contains(token: string): boolean };
  readonly style: { setProperty(name: string, value: string): void };
  readonly children: { readonly length: number; readonly [index: number]: DomElement | undefined };
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  getAttribute(name: string): string | null;
  append(...nodes: Array<DomNode | string>): void;
  prepend(...nodes: Array<DomNode | string>): void;
  replaceChildren(...nodes: Array<DomNode | string>): void;
  insertBefore(node: DomNode, before: DomNode | null): void;
  remove(): void;
  focus(): void;
  querySelector(selectors: string): DomElement | null;
}

export interface DomDetails extends DomElement {
  open: boolean;
}

export interface DomControl extends DomElement {
  value: string;
  disabled: boolean;
}

interface DomDocument {
  createElement(tag: string): DomElement;
  createElementNS(namespace: string, tag: string): DomElement;
  createTextNode(text: string): DomNode;
  getElementById(id: string): DomElement | null;
  readonly body: DomElement;
}

export const doc = (globalThis as unknown as { document: DomDocument }).document;
export const win = globalThis as unknown as DomEventTarget;

type Child = DomNode | string | number | false | null | undefined;

export interface Props {
  class?: string;
  /** Attributes, set with setAttribute (values are strings: no markup is parsed). */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Record<string, (event: DomEvent) => void>;
}

function fill<E extends DomElement>(el: E, props: Props | undefined, children: Child[]): E {
  if (props?.class) el.setAttribute('class', props.class);
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props?.on ?? {})) el.addEventListener(type, listener);
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/** An HTML element with attributes, listeners and children (text children become Text nodes). */
export function h<E extends DomElement = DomElement>(tag: string, props?: Props, ...children: Child[]): E {
  return fill(doc.createElement(tag) as E, props, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, the same way. */
export function svg(tag: string, props?: Props, ...children: Child[]): DomElement {
  return fill(doc.createElementNS(SVG_NS, tag), props, children);
}

let nextId = 0;
/** A document-unique id for aria-labelledby and label[for]. */
export const uid = (prefix: string) => `${prefix}-${++nextId}`;
