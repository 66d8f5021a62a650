/** The SVG diagram: one box per layer with its shapes, one arrow per wire, well-formed XML. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyze, DocBuilder, example } from '../compile';
import { ExportError } from './python';
import { exportSvg } from './svg';

function wellFormed(xml: string): string {
  const r = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.read())'], {
    input: xml,
    encoding: 'utf8',
  });
  return r.status === 0 ? 'ok' : (r.stderr.trim().split('\n').at(-1) ?? 'error');
}

describe('exportSvg', () => {
  it('draws every layer of ApesNet-mini, block instances expanded, with shapes and wires', () => {
    const doc = example('apesnet-mini');
    const a = analyze(doc);
    const svg = exportSvg(doc);
    expect(wellFormed(svg)).toBe('ok');
    expect(svg.match(/<rect x=/g)).toHaveLength(a.layers.length);
    expect(svg.match(/marker-end=/g)).toHaveLength(a.layers.reduce((n, l) => n + l.inputs.length, 0));
    expect(svg).toContain('>apes_block1_add (Add)</text>');
    expect(svg).toContain('>(None, 4, 4, 64), (None, 4, 4, 64) → (None, 4, 4, 64)</text>');
    expect(svg).toContain('<title>apesnet_mini</title>');
    expect(svg).toContain('Total params: 923,484 (trainable 921,996, non-trainable 1,488)');
  });

  it('puts every layer below the layers that feed it', () => {
    const svg = exportSvg(example('spirals'));
    const y = (name: string) =>
      Number(new RegExp(`<rect x="[\\d.]+" y="(\\d+)"[^>]*/>\\n<text[^>]*>${name} `).exec(svg)?.[1]);
    expect(y('input')).toBeLessThan(y('hidden'));
    expect(y('branch_a')).toBe(y('branch_b'));
    expect(y('add')).toBeGreaterThan(y('branch_a'));
    expect(y('output')).toBeGreaterThan(y('add'));
  });

  it('refuses a model with errors', () => {
    const b = new DocBuilder('broken');
    b.layer('dense', 'orphan', {}, []);
    expect(() => exportSvg(b.build())).toThrow(ExportError);
  });
});
