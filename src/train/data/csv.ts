/**
 * Bring your own table: a CSV file (papaparse), with feature columns and a label column chosen by
 * the user. Numeric features are standardised (mean 0, std 1) by default; the label is a class
 * (text, or a few whole numbers) or a number to predict.
 */
import Papa from 'papaparse';
import { type ClassificationSet, DataError, type RegressionSet } from './types';

/** Text, bytes, or anything with `text()` (a `File`, a `Blob`, a `Response`). */
export type TextSource = string | ArrayBuffer | Uint8Array | { text(): Promise<string> };

export async function readText(source: TextSource): Promise<string> {
  if (typeof source === 'string') return source;
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return new TextDecoder().decode(source);
  return source.text();
}

export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column: every non-empty cell is a number. */
  readonly numeric: readonly boolean[];
}

const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/** Parses CSV text; the first row names the columns unless `header` is false. */
export function parseCsv(text: string, header = true): CsvTable {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: 'greedy' });
  const bad = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (bad) throw new DataError(`CSV row ${(bad.row ?? 0) + 1}: ${bad.message}`);
  const all = parsed.data.map((r) => r.map((c) => c.trim()));
  if (!all.length) throw new DataError('The CSV file is empty.');
  const width = (all[0] as string[]).length;
  const columns = header
    ? (all[0] as string[]).map((c, i) => c || `column ${i + 1}`)
    : all[0]?.map((_, i) => `column ${i + 1}`);
  const rows = header ? all.slice(1) : all;
  rows.forEach((r, i) => {
    if (r.length !== width)
      throw new DataError(`CSV row ${i + (header ? 2 : 1)} has ${r.length} fields; the first row has ${width}.`);
  });
  if (!rows.length) throw new DataError('The CSV file has a header but no rows.');
  const numeric = (columns as string[]).map((_, c) => rows.every((r) => r[c] === '' || isNumber(r[c] as string)));
  return { columns: columns as string[], rows, numeric };
}

export interface CsvDatasetOptions {
  readonly features: readonly string[];
  readonly label: string;
  /** Default: classes when the label is text or has at most 20 distinct whole numbers. */
  readonly task?: 'classification' | 'regression';
  /** Standardise each feature to mean 0, std 1 (default true). */
  readonly normalize?: boolean;
  readonly name?: string;
}

export interface CsvDataset {
  readonly dataset: ClassificationSet | RegressionSet;
  /** Rows left out because a chosen cell was empty. */
  readonly skipped: number;
  /** Per feature, to standardise new inputs the same way (identity when not normalised). */
  readonly stats: { readonly mean: readonly number[]; readonly std: readonly number[] };
}

function columnIndex(table: CsvTable, name: string): number {
  const i = table.columns.indexOf(name);
  if (i < 0) throw new DataError(`The CSV file has no column "${name}" (columns: ${table.columns.join(', ')}).`);
  return i;
}

/** A data set from chosen columns of a table. */
export function csvDataset(table: CsvTable, o: CsvDatasetOptions): CsvDataset {
  if (!o.features.length) throw new DataError('Choose at least one feature column.');
  if (o.features.includes(o.label)) throw new DataError(`"${o.label}" cannot be both a feature and the label.`);
  const feats = o.features.map((f) => columnIndex(table, f));
  const label = columnIndex(table, o.label);
  feats.forEach((c, i) => {
    if (!table.numeric[c]) {
      const row = table.rows.findIndex((r) => r[c] !== '' && !isNumber(r[c] as string));
      throw new DataError(
        `Feature "${o.features[i]}" is not numeric: row ${row + 2} has "${table.rows[row]?.[c]}". Choose numeric columns as features.`,
      );
    }
  });
  const rows = table.rows.filter((r) => r[label] !== '' && feats.every((c) => r[c] !== ''));
  if (rows.length < 2) throw new DataError('Fewer than 2 rows have every chosen column filled in.');
  const n = feats.length;
  const x = new Float32Array(rows.length * n);
  rows.forEach((r, i) => {
    feats.forEach((c, j) => {
      x[i * n + j] = Number(r[c]);
    });
  });
  const stats = standardize(x, n, o.normalize ?? true);
  const values = rows.map((r) => r[label] as string);
  const distinct = [...new Set(values)];
  const labelNumeric = table.numeric[label] === true;
  const task =
    o.task ??
    (!labelNumeric || (distinct.length <= 20 && values.every((v) => Number.isInteger(Number(v))))
      ? 'classification'
      : 'regression');
  const base = { name: o.name ?? 'table.csv', count: rows.length, inputShape: [n], x };
  if (task === 'regression') {
    if (!labelNumeric) throw new DataError(`Label "${o.label}" is not numeric, so it cannot be predicted as a number.`);
    const targets = Float32Array.from(values, Number);
    return { dataset: { ...base, task, targetShape: [1], targets }, skipped: table.rows.length - rows.length, stats };
  }
  const classes = labelNumeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  if (classes.length < 2)
    throw new DataError(`Label "${o.label}" has a single value (${classes[0]}): nothing to learn.`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = Int32Array.from(values, (v) => index.get(v) as number);
  return { dataset: { ...base, task, classes, labels }, skipped: table.rows.length - rows.length, stats };
}

/** Standardises the columns of `x` (rows of `n`) in place; returns the mean and std used. */
function standardize(x: Float32Array, n: number, on: boolean): { mean: number[]; std: number[] } {
  const rows = x.length / n;
  const mean = Array.from({ length: n }, () => 0);
  const std = Array.from({ length: n }, () => 1);
  if (!on) return { mean, std };
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += x[i * n + j] as number;
    const m = sum / rows;
    let sq = 0;
    for (let i = 0; i < rows; i++) sq += ((x[i * n + j] as number) - m) ** 2;
    const s = Math.sqrt(sq / rows) || 1;
    for (let i = 0; i < rows; i++) x[i * n + j] = ((x[i * n + j] as number) - m) / s;
    mean[j] = m;
    std[j] = s;
  }
  return { mean, std };
}
