// A tiny element builder: attributes by name (null/false = absent), children as nodes or text (never HTML).

type Child = Node | string | 0 | null | false | undefined;

export function h(tag: string, attrs?: Record<string, string | boolean | null | undefined> | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const k in attrs) {
    const v = attrs[k];
    if (v != null && v !== false) el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}
