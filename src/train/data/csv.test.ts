import { describe, expect, it } from 'vitest';
import { csvDataset, parseCsv, readText } from './csv';
import { DataError } from './types';

const IRIS = `sepal_length,sepal_width,species
5.1,3.5,setosa
4.9,3.0,setosa
7.0,3.2,versicolor
6.4,3.2,versicolor
6.3,3.3,virginica
5.8,,virginica
`;

describe('parseCsv', () => {
  it('reads the header, the rows and which columns are numeric', () => {
    const t = parseCsv(IRIS);
    expect(t.columns).toEqual(['sepal_length', 'sepal_width', 'species']);
    expect(t.rows).toHaveLength(6);
    expect(t.numeric).toEqual([true, true, false]);
  });

  it('names columns when there is no header', () => {
    expect(parseCsv('1,2\n3,4', false).columns).toEqual(['column 1', 'column 2']);
  });

  it('reports ragged rows and empty files', () => {
    expect(() => parseCsv('a,b\n1,2\n3')).toThrow(/row 3 has 1 fields; the first row has 2/);
    expect(() => parseCsv('')).toThrow(DataError);
    expect(() => parseCsv('a,b\n')).toThrow(/no rows/);
  });

  it('reads strings, bytes and File-like sources', async () => {
    expect(await readText('x')).toBe('x');
    expect(await readText(new TextEncoder().encode('y'))).toBe('y');
    expect(await readText(new TextEncoder().encode('z').buffer as ArrayBuffer)).toBe('z');
    expect(await readText(new Blob(['w']))).toBe('w');
  });
});

describe('csvDataset', () => {
  it('makes a classification set from a text label, skipping rows with empty cells', () => {
    const { dataset, skipped, stats } = csvDataset(parseCsv(IRIS), {
      features: ['sepal_length', 'sepal_width'],
      label: 'species',
    });
    expect(skipped).toBe(1);
    expect(dataset).toMatchObject({
      task: 'classification',
      count: 5,
      inputShape: [2],
      classes: ['setosa', 'versicolor', 'virginica'],
    });
    if (dataset.task !== 'classification') throw new Error('classification expected');
    expect([...dataset.labels]).toEqual([0, 0, 1, 1, 2]);
    // Standardised: each feature has mean 0 and std 1.
    for (let j = 0; j < 2; j++) {
      const col = [0, 1, 2, 3, 4].map((i) => dataset.x[i * 2 + j] as number);
      const mean = col.reduce((s, v) => s + v, 0) / 5;
      expect(mean).toBeCloseTo(0, 5);
      expect(Math.sqrt(col.reduce((s, v) => s + v * v, 0) / 5)).toBeCloseTo(1, 5);
    }
    expect(stats.mean[0]).toBeCloseTo((5.1 + 4.9 + 7 + 6.4 + 6.3) / 5, 5);
  });

  it('keeps raw values without normalisation', () => {
    const { dataset } = csvDataset(parseCsv(IRIS), { features: ['sepal_length'], label: 'species', normalize: false });
    expect(dataset.x[0]).toBeCloseTo(5.1, 5);
  });

  it('treats a few whole numbers as classes and other numbers as targets', () => {
    const t = parseCsv('x,y,z\n1,0,0.5\n2,1,1.5\n3,1,2.5\n4,0,3.5');
    const cls = csvDataset(t, { features: ['x'], label: 'y' }).dataset;
    expect(cls).toMatchObject({ task: 'classification', classes: ['0', '1'] });
    const reg = csvDataset(t, { features: ['x'], label: 'z' }).dataset;
    expect(reg).toMatchObject({ task: 'regression', targetShape: [1] });
    if (reg.task !== 'regression') throw new Error('regression expected');
    expect([...reg.targets]).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(csvDataset(t, { features: ['x'], label: 'y', task: 'regression' }).dataset.task).toBe('regression');
  });

  it('explains bad choices', () => {
    const t = parseCsv(IRIS);
    expect(() => csvDataset(t, { features: ['species'], label: 'sepal_length' })).toThrow(
      /Feature "species" is not numeric: row 2 has "setosa"/,
    );
    expect(() => csvDataset(t, { features: ['nope'], label: 'species' })).toThrow(/no column "nope"/);
    expect(() => csvDataset(t, { features: [], label: 'species' })).toThrow(/at least one feature/);
    expect(() => csvDataset(t, { features: ['species'], label: 'species' })).toThrow(/both a feature and the label/);
    expect(() => csvDataset(t, { features: ['sepal_length'], label: 'species', task: 'regression' })).toThrow(
      /not numeric/,
    );
    expect(() => csvDataset(parseCsv('a,b\n1,x\n2,x'), { features: ['a'], label: 'b' })).toThrow(/single value/);
  });
});
