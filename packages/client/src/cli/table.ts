/** One column of a table: its header and how a row shows in it. */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s+/g, ' ');
}

/** A plain-text table for people: a header row, left-aligned columns two spaces apart, no trailing blanks. */
export function formatTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string {
  const cells = [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => cell(column.value(row))))];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  return (
    cells
      .map((line) =>
        line
          .map((text, index) => text.padEnd(widths[index]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
