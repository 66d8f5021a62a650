/** Writes the generated files: public/examples/*.skipwire.json and docs/layers.md. */
import { writeFileSync } from 'node:fs';
import { EXAMPLES, serializeDocument } from '../src/compile';
import { catalogueMarkdown } from '../src/nodes/catalogueDoc';

for (const [name, make] of Object.entries(EXAMPLES)) {
  writeFileSync(new URL(`../public/examples/${name}.skipwire.json`, import.meta.url), serializeDocument(make()));
  console.log(`wrote public/examples/${name}.skipwire.json`);
}
writeFileSync(new URL('../docs/layers.md', import.meta.url), catalogueMarkdown());
console.log('wrote docs/layers.md');
