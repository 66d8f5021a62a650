/**
 * Nothing from a user or a file is ever executed or parsed as HTML: no eval, no Function
 * constructor, no HTML sinks anywhere in the shipped code. (Names from imported files render as
 * text; the browser test for that lives with the import/export e2e tests.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function shipped(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return shipped(p);
    return /\.(ts|tsx|html)$/.test(e.name) && !/\.(test|testkit)\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const SINKS: [string, RegExp][] = [
  ['eval', /(^|[^\w.])eval\s*\(/],
  ['Function constructor', /new\s+Function\s*\(|(^|[^\w.])Function\s*\(\s*['"`]/],
  ['innerHTML / outerHTML', /\.(inner|outer)HTML\s*=/],
  ['insertAdjacentHTML', /insertAdjacentHTML\s*\(/],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['document.write', /document\.write(ln)?\s*\(/],
  ['string timers', /set(Timeout|Interval)\s*\(\s*['"`]/],
];

describe('no code execution or HTML sinks', () => {
  const files = [...shipped('src'), 'index.html'].filter((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });

  it('scans the shipped sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(SINKS)('no %s', (_name, re) => {
    const hits = files.filter((f) => re.test(readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });

  it('the patterns catch what they are meant to', () => {
    const samples = [
      'eval(x)',
      "new Function('return 1')",
      'el.innerHTML = s',
      'dangerouslySetInnerHTML={{__html: s}}',
      "setTimeout('x()', 1)",
    ];
    for (const s of samples)
      expect(
        SINKS.some(([, re]) => re.test(s)),
        s,
      ).toBe(true);
    expect(SINKS.some(([, re]) => re.test('model.evaluate(x)'))).toBe(false);
  });
});
