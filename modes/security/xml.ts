// Structured results for `| display xml` (and later NETCONF replies): a small element tree
// and a renderer in Junos's style (4-space indent, one element per line, text inline).
// Kept here rather than shared with engine/config/render-xml.ts, which renders the
// configuration tree; the escaping rules are the same.

export interface XmlElement {
  name: string;
  /** Attributes in order, e.g. [['junos:style', 'brief']]. */
  attributes?: ReadonlyArray<readonly [string, string]>;
  /** Text content (leaf element). Ignored when children are present. */
  text?: string;
  children?: readonly XmlElement[];
}

/** A leaf `<name>text</name>`. */
export function leaf(name: string, value: string | number): XmlElement {
  return { name, text: String(value) };
}

/** An element with children; `undefined` children are dropped (optional fields). */
export function element(name: string, children: ReadonlyArray<XmlElement | undefined>, attributes?: ReadonlyArray<readonly [string, string]>): XmlElement {
  const kids = children.filter((c): c is XmlElement => c !== undefined);
  return attributes ? { name, attributes, children: kids } : { name, children: kids };
}

export const escapeXmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeXmlAttribute = (s: string): string => escapeXmlText(s).replace(/"/g, '&quot;');

function openTag(e: XmlElement): string {
  const attrs = (e.attributes ?? []).map(([k, v]) => ` ${k}="${escapeXmlAttribute(v)}"`).join('');
  return `<${e.name}${attrs}`;
}

function renderInto(e: XmlElement, pad: string, indent: string, out: string[]): void {
  const kids = e.children ?? [];
  if (kids.length > 0) {
    out.push(`${pad}${openTag(e)}>`);
    for (const k of kids) renderInto(k, pad + indent, indent, out);
    out.push(`${pad}</${e.name}>`);
  } else if (e.text !== undefined && e.text !== '') {
    out.push(`${pad}${openTag(e)}>${escapeXmlText(e.text)}</${e.name}>`);
  } else if (e.children !== undefined || e.text !== undefined) {
    // An empty container or empty text: Junos prints the open/close pair on one line.
    out.push(`${pad}${openTag(e)}></${e.name}>`);
  } else {
    out.push(`${pad}${openTag(e)}/>`);
  }
}

/** The element as lines of Junos-style XML (no trailing newline). */
export function renderXmlElement(e: XmlElement, options: { indent?: number; level?: number } = {}): string {
  const indent = ' '.repeat(options.indent ?? 4);
  const out: string[] = [];
  renderInto(e, indent.repeat(options.level ?? 0), indent, out);
  return out.join('\n');
}

/** `show ... | display xml`: the result inside Junos's `<rpc-reply>` envelope, with the `<cli>` trailer. */
export function renderRpcReply(result: XmlElement, release: string): string {
  const lines = [
    `<rpc-reply xmlns:junos="http://xml.juniper.net/junos/${escapeXmlAttribute(release)}/junos">`,
    renderXmlElement(result, { level: 1 }),
    '    <cli>',
    '        <banner></banner>',
    '    </cli>',
    '</rpc-reply>',
  ];
  return lines.join('\n') + '\n';
}
