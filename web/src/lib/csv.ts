/** Saves rows as a CSV file Excel opens correctly (UTF-8 with BOM, quoted, CRLF). */
export function downloadCsv(filename: string, rows: (string | number)[][]): void {
  const csv = `\uFEFF${rows.map((row) => row.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(',')).join('\r\n')}`;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
