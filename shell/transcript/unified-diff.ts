// A unified diff of two line lists (expected file lines against actual ones), with hunk
// headers carrying the transcript's own line numbers.

type Op = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

/** Cells beyond which a differing middle section is shown as a block replace instead of an LCS. */
const MAX_CELLS = 4_000_000;

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: ' ', text: a[i]!, a: i, b: i });
  const ma = a.slice(pre, a.length - suf);
  const mb = b.slice(pre, b.length - suf);
  if (ma.length * mb.length > MAX_CELLS) {
    ma.forEach((t, i) => ops.push({ kind: '-', text: t, a: pre + i, b: pre }));
    mb.forEach((t, j) => ops.push({ kind: '+', text: t, a: pre + ma.length, b: pre + j }));
  } else {
    // Longest common subsequence, table of suffix lengths.
    const w = mb.length + 1;
    const lcs = new Uint32Array((ma.length + 1) * w);
    for (let i = ma.length - 1; i >= 0; i--) {
      for (let j = mb.length - 1; j >= 0; j--) {
        lcs[i * w + j] = ma[i] === mb[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < ma.length || j < mb.length) {
      if (i < ma.length && j < mb.length && ma[i] === mb[j]) {
        ops.push({ kind: ' ', text: ma[i]!, a: pre + i, b: pre + j });
        i++;
        j++;
      } else if (i < ma.length && (j === mb.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        ops.push({ kind: '-', text: ma[i]!, a: pre + i, b: pre + j });
        i++;
      } else {
        ops.push({ kind: '+', text: mb[j]!, a: pre + i, b: pre + j });
        j++;
      }
    }
  }
  for (let k = 0; k < suf; k++) ops.push({ kind: ' ', text: a[a.length - suf + k]!, a: a.length - suf + k, b: b.length - suf + k });
  return ops;
}

/** '' when equal; otherwise `--- expectedName` / `+++ actualName` and @@ hunks with `context` lines. */
export function unifiedDiff(a: readonly string[], b: readonly string[], expectedName: string, actualName: string, context = 3): string {
  const ops = editScript(a, b);
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${expectedName}`, `+++ ${actualName}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) {
      k++;
      end = Math.min(ops.length, changed[k]! + context + 1);
    }
    k++;
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aCount === 0 ? hunk[0]!.a : hunk[0]!.a + 1;
    const bStart = bCount === 0 ? hunk[0]!.b : hunk[0]!.b + 1;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const o of hunk) out.push(o.kind + o.text);
  }
  return out.join('\n') + '\n';
}
