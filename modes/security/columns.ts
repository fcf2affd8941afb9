// Fixed-column tables as Junos prints them: every column has a nominal start (a tab stop);
// a value that runs past the next stop pushes the rest of that row right by exactly one
// separating space, and the following columns snap back to their stops as soon as they can
// (Junos `printf("%-8s...")` behaviour: `10827715 UP    ccb95f...`). Layout is data, so a
// release profile can swap a whole table without touching the formatter.

export interface ColumnDef<Row> {
  /** Header text, printed at `start` on the header line. */
  header: string;
  /** Nominal 0-based start column of this field. */
  start: number;
  /** The cell text for one row. */
  value: (row: Row) => string;
  /** Right-align the value so that it ends at `end` (exclusive) when it fits. */
  alignRightTo?: number;
}

/** One line: each cell at its stop, or one space after the previous cell when that ran long. */
export function layoutLine(cells: ReadonlyArray<{ start: number; text: string; alignRightTo?: number }>): string {
  let line = '';
  cells.forEach((cell, i) => {
    let start = cell.start;
    if (cell.alignRightTo !== undefined) start = Math.max(start, cell.alignRightTo - cell.text.length);
    if (i > 0 && line.length >= start) line += ' ';
    else line = line.padEnd(start);
    line += cell.text;
  });
  return line.trimEnd();
}

export function headerLine<Row>(columns: ReadonlyArray<ColumnDef<Row>>): string {
  return layoutLine(columns.map((c) => ({ start: c.start, text: c.header })));
}

export function rowLine<Row>(columns: ReadonlyArray<ColumnDef<Row>>, row: Row): string {
  return layoutLine(columns.map((c) => ({ start: c.start, text: c.value(row), alignRightTo: c.alignRightTo })));
}

/** Header plus one line per row. */
export function renderTable<Row>(columns: ReadonlyArray<ColumnDef<Row>>, rows: readonly Row[]): string[] {
  return [headerLine(columns), ...rows.map((r) => rowLine(columns, r))];
}
