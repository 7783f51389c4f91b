/**
 * Writing SVG text safely: every piece of user text (titles, series names, labels) and every
 * attribute value goes through {@link escapeXml}, so names like `a<b & "c"` cannot break the file.
 */

// XML 1.0 forbids these control characters even when escaped; they are dropped.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for XML content and attribute values: `& < > " '` become entities and characters
 * XML cannot hold at all are removed.
 *
 * @param text - any string
 * @returns the string, safe between tags and inside double-quoted attributes
 */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Attribute values of an element, written in insertion order; `undefined` leaves one out. */
export type Attributes = Readonly<Record<string, string | undefined>>;

/**
 * One SVG element as text.
 *
 * @param tag - the element name
 * @param attributes - attribute values (escaped here), in the order they are written
 * @param content - inner markup, already escaped; omitted for a self-closing element
 * @returns `<tag a="v">content</tag>` or `<tag a="v"/>`
 */
export function element(tag: string, attributes: Attributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return content === undefined ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${content}</${tag}>`;
}
