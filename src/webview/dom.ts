/**
 * The one way the panel creates elements. It refuses, at run time, every tag and attribute that
 * could load, link or run something (`script`, `a`, `img`, `iframe`, `href`, `src`, `style`, `on*`),
 * and places text only as text nodes. Claim values therefore cannot become markup, links or
 * handlers, whatever they contain.
 */

const TAGS = new Set([
  'button',
  'caption',
  'code',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'h1',
  'h2',
  'h3',
  'header',
  'li',
  'p',
  'pre',
  'progress',
  'section',
  'small',
  'span',
  'strong',
  'summary',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
]);

const ATTRIBUTE = /^(?:id|class|role|scope|title|type|tabindex|hidden|max|value|aria-[a-z]+|data-[a-z][a-z-]*)$/;

/** The tag names {@link h} accepts. */
export type SafeTag =
  | 'button'
  | 'caption'
  | 'code'
  | 'dd'
  | 'details'
  | 'div'
  | 'dl'
  | 'dt'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'header'
  | 'li'
  | 'p'
  | 'pre'
  | 'progress'
  | 'section'
  | 'small'
  | 'span'
  | 'strong'
  | 'summary'
  | 'table'
  | 'tbody'
  | 'td'
  | 'th'
  | 'thead'
  | 'tr'
  | 'ul';

/** Attributes by name; `undefined` leaves one out. */
export type Attributes = Record<string, string | undefined>;

/** A child: an element, or a string that becomes a text node (never parsed as HTML). */
export type Child = Node | string | undefined | false;

/**
 * Creates `<tag>` with the given attributes and children. Throws on a tag or attribute outside the
 * allow-list, so a mistake in the panel's own code fails loudly instead of opening a hole.
 */
export function h<K extends SafeTag>(
  doc: Document,
  tag: K,
  attrs: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  if (!TAGS.has(tag)) throw new Error(`refused element <${tag}>`);
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (!ATTRIBUTE.test(name)) throw new Error(`refused attribute ${name}`);
    el.setAttribute(name, value);
  }
  append(el, ...children);
  return el as HTMLElementTagNameMap[K];
}

/** Appends children; strings as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
}

/** Removes every child of `el`. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
