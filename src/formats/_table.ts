// Fixed-width tables printed through Go's text/tabwriter (docker ps, kubectl get): columns from the header.

export interface Column {
  label: string;
  start: number;
}

/** Column labels and start positions of a header line; labels are separated by two spaces or more. */
export function headerColumns(header: string): Column[] {
  const out: Column[] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null) out.push({ label: m[0], start: m.index });
  return out;
}

/** Cells of a row by the header's column starts, or null when the row is torn or a cell start falls inside a word (it does not line up). */
export function cellsAt(row: string, cols: Column[]): string[] | null {
  // tabwriter pads every cell but the last, which is never empty in docker's and kubectl's tables: a shorter row is torn.
  if (cols.length > 0 && row.length <= cols[cols.length - 1]!.start) return null;
  const cells: string[] = [];
  for (let i = 0; i < cols.length; i++) {
    const start = cols[i]!.start;
    const end = i + 1 < cols.length ? cols[i + 1]!.start : row.length;
    if (start > 0 && start < row.length && row[start - 1] !== ' ') return null;
    cells.push(start < row.length ? row.slice(start, Math.max(start, end)).trim() : '');
  }
  return cells;
}
