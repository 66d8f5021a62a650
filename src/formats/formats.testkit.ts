/** Helpers shared by the format tests. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type * as tfjs from '@tensorflow/tfjs';

/** 'ok' when python3's own parser accepts the source, else its error (the last two lines). */
export function pythonParses(source: string): string {
  const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], {
    input: source,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return r.status === 0 ? 'ok' : r.stderr.trim().split('\n').slice(-2).join(' ');
}

export const fixture = (name: string): string => readFileSync(`test/fixtures/keras/${name}`, 'utf8');

/** Copies weights layer by layer, by name, from one model to another. */
export function copyWeightsByName(from: tfjs.LayersModel, to: tfjs.LayersModel): void {
  for (const layer of to.layers) {
    const ws = from.getLayer(layer.name).getWeights();
    if (ws.length) layer.setWeights(ws);
  }
}
