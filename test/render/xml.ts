/** Parses SVG text with a real XML parser (fast-xml-parser) into a flat list of elements, for the render tests. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  /** Concatenated text content of the element and its descendants. */
  text: string;
  depth: number;
}

/** Throws with the parser's message unless `xml` is well-formed. */
export function assertWellFormed(xml: string): void {
  const r = XMLValidator.validate(xml);
  if (r !== true) throw new Error(`not well-formed XML: ${JSON.stringify(r.err)}`);
}

type Node = Record<string, unknown>;

/** Every element of the document in document order (validated first). */
export function elements(xml: string): El[] {
  assertWellFormed(xml);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false, processEntities: true, htmlEntities: false, parseAttributeValue: false, parseTagValue: false });
  const tree = parser.parse(xml) as Node[];
  const out: El[] = [];
  const walk = (nodes: Node[], depth: number): string => {
    let text = '';
    for (const n of nodes) {
      if ('#text' in n) { text += String(n['#text']); continue; }
      const tag = Object.keys(n).find((k) => k !== ':@')!;
      if (tag.startsWith('?')) continue;
      const el: El = { tag, attrs: { ...((n[':@'] as Record<string, string>) ?? {}) }, text: '', depth };
      out.push(el);
      el.text = walk(n[tag] as Node[], depth + 1);
      text += el.text;
    }
    return text;
  };
  walk(tree, 0);
  return out;
}

/** Elements with `tag` whose class list contains every class given. */
export function select(els: El[], tag: string, ...classes: string[]): El[] {
  return els.filter((e) => e.tag === tag && classes.every((c) => (e.attrs.class ?? '').split(/\s+/).includes(c)));
}

export const num = (e: El, a: string): number => {
  const v = Number(e.attrs[a]);
  if (!Number.isFinite(v)) throw new Error(`attribute ${a} of <${e.tag}> is not a number: ${e.attrs[a]}`);
  return v;
};
