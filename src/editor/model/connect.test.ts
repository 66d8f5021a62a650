import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../compile';
import { apesnet, mismatchedAdd } from '../test/factories.testkit';
import { connectionProblem, connectOp } from './connect';

describe('connections while dragging a wire', () => {
  const doc = apesnet();
  const c = (source: string, target: string, port = 0) => ({
    source,
    target,
    sourceHandle: 'out-0',
    targetHandle: `in-${port}`,
  });

  it('refuses a second wire into a single-input port', () => {
    expect(connectionProblem(doc, c('input', 'conv_block2_conv'))).toBe('input 1 already has a wire');
  });

  it('refuses a cycle and a self-loop', () => {
    expect(connectionProblem(doc, c('softmax', 'conv_block1_conv', 1))).toBe('this wire would make a cycle');
    const freed = applyEdit(doc, {
      op: 'disconnect',
      ids: doc.edges.filter((e) => e.target === 'conv_block1_bn').map((e) => e.id),
    }).doc;
    expect(connectionProblem(freed, c('conv_block3_conv', 'conv_block1_bn'))).toBe('this wire would make a cycle');
    expect(connectionProblem(doc, c('softmax', 'softmax'))).toBe('a layer cannot feed itself');
  });

  it("accepts a merge layer's free port and builds the connect op", () => {
    const m = mismatchedAdd();
    expect(connectionProblem(m, c('input', 'add', 2))).toBeUndefined();
    const op = connectOp(m, undefined, c('input', 'add', 2));
    expect(op).toMatchObject({ op: 'connect', edge: { source: 'input', target: 'add', targetPort: 2, sourcePort: 0 } });
    const after = applyEdit(m, op as never);
    expect(after.error).toBeUndefined();
  });
});
