/**
 * An independent reader of the Keras files Skipwire writes: Debian's python3-h5py (HDF5's own
 * library, as Keras uses it). It opens the .h5 and the .keras's model.weights.h5, walks them the
 * way Keras's loaders do (legacy: `layer_names` → `weight_names` → datasets; Keras 3:
 * `layers/<key>/vars/<i>`), and reports every weight's shape and checksum, which must equal the
 * weights that went in. Skipped, with the reason, where /usr/bin/python3 has no h5py
 * (`apt-get install python3-h5py`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from './exportModel';
import { importFile } from './registry';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import h5py'], { encoding: 'utf8' });
const missing = probe.status === 0 ? undefined : `no h5py for ${PYTHON} (apt-get install python3-h5py)`;

const WALK = `
import h5py, json, sys
f = h5py.File(sys.argv[1], 'r')
out = []
def s(v): return v.decode('utf8') if hasattr(v, 'decode') else str(v)
if 'model_weights' in f:
    assert json.loads(s(f.attrs['model_config']))['class_name']
    g = f['model_weights']
    for layer in [s(n) for n in g.attrs['layer_names']]:
        names = [s(n) for n in g[layer].attrs.get('weight_names', [])]
        out += [[list(g[layer][n].shape), float(g[layer][n][()].astype('float64').sum())] for n in names]
else:
    def key(k): return [int(p) if p.isdigit() else p for p in k.split('/')]
    ds = []
    f['layers'].visititems(lambda k, v: ds.append(k) if isinstance(v, h5py.Dataset) else None)
    for k in sorted(ds, key=key):
        v = f['layers'][k]
        out.append([list(v.shape), float(v[()].astype('float64').sum())])
print(json.dumps(out))
`;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe.skipIf(missing !== undefined)(
  `h5py reads what Skipwire writes${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    it.each(['keras', 'h5'] as const)('.%s: every weight, with its shape and values', async (kind) => {
      const bytes = new Uint8Array(readFileSync('test/fixtures/real/lstm_keras2.h5'));
      const r = await importFile(
        { name: 'lstm_keras2.h5', bytes, sibling: async () => undefined },
        { loadTf: async () => tf, layout: 'layered' },
      );
      if (!r.ok) throw new Error(r.error);
      const out = await exportModel(tf, r.doc, kind, { weights: { imported: r.weights ?? {} } });
      if (!out.ok) throw new Error(out.error);
      const dir = mkdtempSync(join(tmpdir(), 'skipwire-h5py-'));
      const data = out.files[0]?.data as Uint8Array;
      const file = join(dir, 'model.h5');
      writeFileSync(file, kind === 'keras' ? (unzipSync(data)['model.weights.h5'] as Uint8Array) : data);
      const py = spawnSync(PYTHON, ['-c', WALK, file], { encoding: 'utf8' });
      expect(py.stderr).toBe('');
      const seen = JSON.parse(py.stdout) as [number[], number][];
      const want = Object.values(r.weights ?? {}).flatMap((ws) =>
        ws.map((w) => [w.shape, w.values.reduce((a, v) => a + v, 0)] as const),
      );
      // The .keras file lists its groups by key (`dense` before `lstm`), the legacy .h5 by layer order.
      const order = (xs: readonly (readonly [readonly number[], number])[]) =>
        kind === 'keras' ? [...xs].sort((a, b) => a[0].join().localeCompare(b[0].join()) || a[1] - b[1]) : xs;
      const a = order(seen);
      const b = order(want);
      expect(a.map((x) => x[0])).toEqual(b.map((x) => x[0]));
      a.forEach(([, sum], i) => {
        expect(sum).toBeCloseTo(b[i]?.[1] as number, 3);
      });
    });
  },
);
