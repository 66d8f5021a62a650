// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { apesnet } from '../test/factories.testkit';
import { renderWith } from '../test/render.testkit';
import { Inspector } from './Inspector';

afterEach(cleanup);

const field = (param: string) => document.querySelector(`.sw-field[data-param="${param}"]`) as HTMLElement;
const params = (store: { getState(): { doc: import('../../compile').SkipwireDoc } }) =>
  store.getState().doc.nodes.find((n) => n.id === 'conv_block1_conv')?.params ?? {};

describe('Inspector: regularizers and constraints', () => {
  it('sets a kernel regularizer by kind and value, and a constraint, each one undo step', () => {
    const { store } = renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_conv'] });
    const kind = within(field('kernelRegularizer')).getByRole('combobox') as HTMLSelectElement;
    expect([...kind.options].map((o) => o.value)).toEqual(['none', 'L1', 'L2', 'L1L2']);
    expect(kind.value).toBe('none');
    fireEvent.change(kind, { target: { value: 'L2' } });
    expect(params(store).kernelRegularizer).toEqual({ l1: 0, l2: 0.01 });
    const l2 = screen.getByLabelText('kernel regularizer: l2') as HTMLInputElement;
    fireEvent.change(l2, { target: { value: '0.05' } });
    fireEvent.blur(l2);
    expect(params(store).kernelRegularizer).toEqual({ l1: 0, l2: 0.05 });
    fireEvent.change(l2, { target: { value: '-1' } });
    expect(within(field('kernelRegularizer')).getByText(/factors ≥ 0/)).toBeTruthy();
    fireEvent.blur(l2);
    expect(params(store).kernelRegularizer).toEqual({ l1: 0, l2: 0.05 });

    const con = within(field('kernelConstraint')).getByRole('combobox') as HTMLSelectElement;
    fireEvent.change(con, { target: { value: 'MaxNorm' } });
    expect(params(store).kernelConstraint).toEqual({ className: 'MaxNorm', maxValue: 2, axis: 0 });
    const max = screen.getByLabelText('kernel constraint: max value') as HTMLInputElement;
    fireEvent.change(max, { target: { value: '3' } });
    fireEvent.keyDown(max, { key: 'Enter' });
    expect(params(store).kernelConstraint).toEqual({ className: 'MaxNorm', maxValue: 3, axis: 0 });
    fireEvent.change(con, { target: { value: 'none' } });
    expect(params(store).kernelConstraint).toBeNull();
    // L2, 0.05, MaxNorm, 3, none: five gestures, five undo steps (the refused -1 is none)
    expect(store.temporal.getState().pastStates).toHaveLength(5);
    store.temporal.getState().undo();
    expect(params(store).kernelConstraint).toEqual({ className: 'MaxNorm', maxValue: 3, axis: 0 });
  });
});
