import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ImportProblem } from '../../shared/imports.ts';

export interface CsvRow {
  /** Spreadsheet row number (the header is 1). */
  row: number;
  values: Record<string, string>;
}

export interface ParsedCsv {
  rows: CsvRow[];
  problems: ImportProblem[];
  /** A required column is missing or the file is empty or unreadable: the rows cannot be checked. */
  fatal: boolean;
}

/** Spreadsheets export with commas or, in Russian locales, semicolons: the header line tells which. */
function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parses a CSV (UTF-8 with or without BOM, comma or semicolon) into rows keyed by lower-case
 * header names, checking the header against the expected columns.
 */
export function parseCsv(text: string, columns: readonly string[], required: readonly string[]): ParsedCsv {
  const problems: ImportProblem[] = [];
  const clean = text.replace(/^\uFEFF/, '');
  if (clean.trim() === '') {
    return {
      rows: [],
      problems: [{ row: 1, column: '', code: 'empty_file', message: 'The file is empty' }],
      fatal: true,
    };
  }
  let records: string[][];
  try {
    records = parse(clean, {
      delimiter: detectDelimiter(clean),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return {
      rows: [],
      problems: [
        {
          row: e.lines ?? 1,
          column: '',
          code: 'invalid',
          message: `Not a readable CSV file: ${e.message ?? 'parse error'}`,
        },
      ],
      fatal: true,
    };
  }
  const [header = [], ...body] = records;
  const names = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    if (name && !columns.includes(name)) {
      problems.push({ row: 1, column: name, code: 'unknown_column', message: `Unknown column "${name}"` });
    }
  }
  for (const name of required) {
    if (!names.includes(name)) {
      problems.push({ row: 1, column: name, code: 'missing_column', message: `The column "${name}" is missing` });
    }
  }
  if (body.length === 0 && problems.length === 0) {
    problems.push({ row: 1, column: '', code: 'empty_file', message: 'The file has a header but no rows' });
  }
  const rows = body.map((record, index) => {
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name) values[name] = record[i] ?? '';
    });
    return { row: index + 2, values };
  });
  return { rows, problems, fatal: problems.some((p) => p.code !== 'unknown_column') };
}

/** CSV for spreadsheets: a BOM so Excel reads Cyrillic as UTF-8. */
export function toCsv(
  columns: readonly string[],
  rows: (string | number | null)[][],
  delimiter: 'comma' | 'semicolon',
): string {
  return `\uFEFF${stringify([columns as string[], ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))], {
    delimiter: delimiter === 'semicolon' ? ';' : ',',
    record_delimiter: '\r\n',
  })}`;
}
