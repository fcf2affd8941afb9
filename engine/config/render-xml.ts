// `| display xml`: the configuration as Junos XML, inside the rpc-reply envelope.
import { orderedChildren } from './render-curly.ts';
import type { EntryItem, Interior, Item, Meta } from './tree.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface XmlEnvelope {
  release: string;
  commitSeconds: number;
  commitLocaltime: string;
  commitUser: string;
}

function open(name: string, m: Meta, pad: string, out: string[]): string {
  if (m.annotation !== undefined) out.push(`${pad}<junos:comment>/* ${esc(m.annotation)} */</junos:comment>`);
  return m.inactive ? `<${name} inactive="inactive"` : `<${name}`;
}

function entryElement(e: EntryItem, pad: string, out: string[]): void {
  const name = e.decl.xmlName ?? e.decl.name;
  out.push(`${pad}${open(name, e, pad, out)}>`);
  e.decl.keys.forEach((k, i) => out.push(`${pad}    <${k.xmlName ?? k.name}>${esc(e.keys[i]!)}</${k.xmlName ?? k.name}>`));
  children(e, pad + '    ', out);
  out.push(`${pad}</${name}>`);
}

function element(item: Item, pad: string, out: string[]): void {
  switch (item.kind) {
    case 'container': {
      const kids = orderedChildren(item);
      const head = open(item.decl.name, item, pad, out);
      if (kids.length === 0) {
        if (item.decl.presence) out.push(`${pad}${head}/>`);
        return;
      }
      out.push(`${pad}${head}>`);
      children(item, pad + '    ', out);
      out.push(`${pad}</${item.decl.name}>`);
      return;
    }
    case 'list':
      for (const e of item.entries.values()) entryElement(e, pad, out);
      return;
    case 'leaf':
      out.push(`${pad}${open(item.decl.name, item, pad, out)}>${esc(item.value)}</${item.decl.name}>`);
      return;
    case 'leaf-list':
      for (const v of item.values) out.push(`${pad}${open(item.decl.name, item, pad, out)}>${esc(v)}</${item.decl.name}>`);
      return;
    case 'flag':
      out.push(`${pad}${open(item.decl.name, item, pad, out)}/>`);
      return;
  }
}

function children(node: Interior, pad: string, out: string[]): void {
  for (const item of orderedChildren(node)) element(item, pad, out);
}

/** The whole configuration, as `show configuration | display xml` prints it. */
export function renderXml(root: Interior, env: XmlEnvelope): string {
  const out = [
    `<rpc-reply xmlns:junos="http://xml.juniper.net/junos/${env.release}/junos">`,
    `    <configuration junos:commit-seconds="${env.commitSeconds}" junos:commit-localtime="${env.commitLocaltime}" junos:commit-user="${esc(env.commitUser)}">`,
  ];
  children(root, '            ', out);
  out.push('    </configuration>', '    <cli>', '        <banner></banner>', '    </cli>', '</rpc-reply>');
  return out.join('\n') + '\n';
}
