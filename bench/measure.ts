// Benchmarks measure real elapsed time by design: they are the one place that reads the
// wall clock directly, and they print figures rather than assert them.
export interface Figure {
  name: string;
  ms: number;
  extra?: string;
}

export function measure(name: string, repeat: number, fn: () => unknown): Figure {
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / repeat;
  return { name, ms };
}

export function printFigures(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  for (const f of figures) console.log(`  ${f.name.padEnd(60)} ${f.ms.toFixed(1).padStart(9)} ms${f.extra ? `   (${f.extra})` : ''}`);
}
