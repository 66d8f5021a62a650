// @vitest-environment happy-dom
/**
 * The Input's Batch size and the recurrent layers' Stateful switch in the inspector: each edit is
 * one undo step; a stateful LSTM without a fixed batch size shows its message at the field; the
 * Batch row gives the shape as Keras prints it.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DocBuilder, type SkipwireDoc } from '../../compile';
import { renderWith } from '../test/render.testkit';
import { Inspector } from './Inspector';

afterEach(cleanup);

const field = (param: string) => document.querySelector(`.sw-field[data-param="${param}"]`) as HTMLElement;

function textModel(): SkipwireDoc {
  const b = new DocBuilder('text');
  const x = b.layer('input', 'tokens', { shape: [null] });
  const e = b.layer('embedding', 'embed', { inputDim: 98, outputDim: 16 }, [x]);
  b.layer('lstm', 'lstm', { units: 8, returnSequences: true }, [e]);
  return b.build();
}

describe('batch size and stateful fields', () => {
  it('sets the Input’s batch size from "any" and back, one undo step each', () => {
    const { store } = renderWith(textModel(), <Inspector />, { selection: ['tokens'] });
    const any = within(field('batchSize')).getByRole('checkbox') as HTMLInputElement;
    expect(any.checked).toBe(true);
    fireEvent.click(any);
    const input = within(field('batchSize')).getByRole('textbox') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '64' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const params = () => store.getState().doc.nodes.find((n) => n.id === 'tokens')?.params;
    expect(params()?.batchSize).toBe(64);
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    expect(screen.getByText('64 · Keras (64, None)')).toBeTruthy();
    store.temporal.getState().undo();
    expect(params()?.batchSize).toBe(1);
  });

  it('turns Stateful on as one undo step; without a batch size the message is at the field', () => {
    const { store } = renderWith(textModel(), <Inspector />, { selection: ['lstm'] });
    const box = within(field('stateful')).getByRole('checkbox') as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(store.getState().doc.nodes.find((n) => n.id === 'lstm')?.params.stateful).toBe(true);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    expect(
      within(field('stateful')).getByText(
        'stateful LSTM needs a fixed batch size: set Batch size on the Input "tokens" (Keras batch_shape), or turn Stateful off.',
      ),
    ).toBeTruthy();
  });

  it('shows the Batch row with the Keras shape downstream of a fixed batch size', () => {
    const doc = textModel();
    const fixed = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'tokens' ? { ...n, params: { ...n.params, batchSize: 32 } } : n)),
    };
    renderWith(fixed, <Inspector />, { selection: ['lstm'] });
    expect(screen.getByText('32 · Keras (32, None, 8)')).toBeTruthy();
  });
});
