/** Writes public/examples/*.skipwire.json from src/compile/examples.ts. */
import { writeFileSync } from 'node:fs';
import { EXAMPLES } from '../src/compile/examples';
import { serializeDocument } from '../src/compile/parse';

for (const [name, make] of Object.entries(EXAMPLES)) {
  const path = new URL(`../public/examples/${name}.skipwire.json`, import.meta.url);
  writeFileSync(path, serializeDocument(make()));
  console.log(`wrote public/examples/${name}.skipwire.json`);
}
