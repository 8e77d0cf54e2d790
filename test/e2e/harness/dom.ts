// Minimal shapes of the DOM objects our page.evaluate callbacks touch. The project's tsconfig has
// no "dom" lib (most code is Node-only), so browser-side callbacks are typed with these instead.
// Only types here: a callback runs in the browser, so it cannot call anything this module exports.

export interface DomElement {
  id: string;
  innerText: string;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  closest(selector: string): DomElement | null;
  checkVisibility(): boolean;
}

export interface DomGlobal {
  document: { querySelector(selector: string): DomElement | null; body: DomElement };
}
