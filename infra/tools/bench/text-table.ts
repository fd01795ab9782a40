/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.
 *
 * @example
 * console.log(textTable(['metric', 'value'], [['start → ready', '6.5 s']]));
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((row) => /^[-$<>~≈]?\s?[\d.,]+(\s.*)?$/.test(row[c] ?? '') || (row[c] ?? '') === ''));
  const format = (row: readonly string[]) => row.map((cell, c) => (numeric[c] ? (cell ?? '').padStart(widths[c]!) : (cell ?? '').padEnd(widths[c]!))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}
