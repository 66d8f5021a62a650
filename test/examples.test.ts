/** Generated files are up to date with their sources (`npm run generate`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, parseDocument, serializeDocument } from '../src/compile';
import { LAYERS } from '../src/nodes';
import { catalogueMarkdown } from '../src/nodes/catalogueDoc';

describe('generated files', () => {
  it.each(Object.keys(EXAMPLES))('public/examples/%s.skipwire.json is up to date and parses', (name) => {
    const text = readFileSync(`public/examples/${name}.skipwire.json`, 'utf8');
    expect(text, 'run `npm run generate`').toBe(serializeDocument((EXAMPLES[name] as () => never)()));
    expect(parseDocument(text).ok).toBe(true);
  });

  it('docs/layers.md is up to date and lists every layer', () => {
    const text = readFileSync('docs/layers.md', 'utf8');
    expect(text, 'run `npm run generate`').toBe(catalogueMarkdown());
    for (const d of LAYERS) expect(text).toContain(`### ${d.kerasClass} (\`${d.type}\``);
  });
});
