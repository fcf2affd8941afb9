// `| display json`: the configuration in Junos's JSON layout (`"name" : value`, lists as
// arrays of objects, flags as [null], attributes under "@").
import { orderedChildren } from './render-curly.ts';
import type { EntryItem, Interior, Item, Meta } from './tree.ts';

const str = JSON.stringify;

function attributes(m: Meta): string | undefined {
  const parts: string[] = [];
  if (m.inactive) parts.push('"inactive" : true');
  if (m.annotation !== undefined) parts.push(`"comment" : ${str(`/* ${m.annotation} */`)}`);
  return parts.length ? `{${parts.join(', ')}}` : undefined;
}

function members(node: Interior, pad: string): string[] {
  const rows: string[] = [];
  const attrs = attributes(node);
  if (attrs && node.kind !== 'container') rows.push(`${pad}"@" : ${attrs}`);
  if (node.kind === 'entry') node.decl.keys.forEach((k, i) => rows.push(`${pad}${str(k.xmlName ?? k.name)} : ${str(node.keys[i])}`));
  for (const item of orderedChildren(node)) rows.push(...member(item, pad));
  return rows;
}

function object(node: Interior, pad: string): string {
  const rows = members(node, pad + '    ');
  return rows.length ? `{\n${rows.join(',\n')}\n${pad}}` : '{\n}';
}

function entryObject(e: EntryItem, pad: string): string {
  return `${pad}${object(e, pad)}`;
}

function member(item: Item, pad: string): string[] {
  const attrRow = (m: Meta) => {
    const a = attributes(m);
    return a ? [`${pad}"@${item.decl.name}" : ${a}`] : [];
  };
  switch (item.kind) {
    case 'container': {
      const a = attributes(item);
      const body = orderedChildren(item).length === 0 ? '[null]' : object(item, pad);
      return [`${pad}${str(item.decl.name)} : ${a ? body.replace('{\n', `{\n${pad}    "@" : ${a},\n`) : body}`];
    }
    case 'list':
      return [`${pad}${str(item.decl.xmlName ?? item.decl.name)} : [\n${[...item.entries.values()].map((e) => entryObject(e, pad)).join(',\n')}\n${pad}]`];
    case 'leaf':
      return [`${pad}${str(item.decl.name)} : ${str(item.value)}`, ...attrRow(item)];
    case 'leaf-list':
      return [`${pad}${str(item.decl.name)} : [${item.values.map((v) => str(v)).join(', ')}]`, ...attrRow(item)];
    case 'flag':
      return [`${pad}${str(item.decl.name)} : [null]`, ...attrRow(item)];
  }
}

export function renderJson(root: Interior): string {
  return `{\n    "configuration" : ${object(root, '    ')}\n}\n`;
}
