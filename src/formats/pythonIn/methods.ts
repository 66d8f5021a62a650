/** Methods the reader follows: `model.add(layer)`, `model.compile(optimizer=…, loss=…)`, `list.append`. */
import type { SyntaxNode } from '@lezer/common';
import { trainingOf } from '../kerasModel';
import type { CallArgs } from './expressions';
import { addToSequential } from './keras';
import type { PythonReader } from './reader';
import { type BoundMethod, configValue, ModelObj } from './values';

export function callMethod(r: PythonReader, m: BoundMethod, a: CallArgs, node: SyntaxNode): unknown {
  const self = m.self;
  if (self instanceof ModelObj && m.name === 'add' && self.kind === 'sequential') {
    addToSequential(r, self, a.args[0], node);
    r.built++;
    return null;
  }
  if (self instanceof ModelObj && m.name === 'compile') {
    const training = trainingOf({
      optimizer: configValue(a.kwargs.get('optimizer') ?? a.args[0]),
      loss: configValue(a.kwargs.get('loss') ?? a.args[1]),
    });
    self.training = training;
    if (self.raw && training) self.raw = { ...self.raw, training };
    return null;
  }
  if (Array.isArray(self) && m.name === 'append') {
    self.push(a.args[0]);
    return null;
  }
  if (Array.isArray(self) && m.name === 'extend' && Array.isArray(a.args[0])) {
    self.push(...a.args[0]);
    return null;
  }
  return r.opaque(node, self, ...a.args);
}
