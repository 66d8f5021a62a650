// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { getGraph } from '../../compile';
import { analysisOf } from '../store/derived';
import { apesnet, mismatchedAdd } from '../test/factories.testkit';
import { renderWith } from '../test/render.testkit';
import { Inspector } from './Inspector';

afterEach(cleanup);

const field = (param: string) => document.querySelector(`.sw-field[data-param="${param}"]`) as HTMLElement;
const node = (store: { getState(): { doc: import('../../compile').SkipwireDoc } }, id: string) =>
  store.getState().doc.nodes.find((n) => n.id === id);

describe('Inspector', () => {
  it('generates a form from the Conv2D params schema', () => {
    renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_conv'] });
    expect(screen.getByText('Conv2D')).toBeTruthy();
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('conv_block1_conv');
    // int with its range, tuple with labelled items, choices as selects, a boolean checkbox
    expect(within(field('filters')).getByText('≥ 1')).toBeTruthy();
    expect((within(field('filters')).getByRole('textbox') as HTMLInputElement).value).toBe('16');
    expect((screen.getByLabelText('kernel size: height') as HTMLInputElement).value).toBe('7');
    expect((screen.getByLabelText('kernel size: width') as HTMLInputElement).value).toBe('7');
    const padding = within(field('padding')).getByRole('combobox') as HTMLSelectElement;
    expect([...padding.options].map((o) => o.value)).toEqual(['valid', 'same']);
    expect(padding.value).toBe('same');
    expect((within(field('useBias')).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    // shapes and the parameter count from the analysis
    expect(screen.getByText('360×480×16')).toBeTruthy();
    expect(screen.getByText('2,368')).toBeTruthy();
  });

  it('freezes a layer with the Trainable switch: one undo step, counted as non-trainable', () => {
    const { store } = renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_conv'] });
    const box = within(field('trainable')).getByRole('checkbox') as HTMLInputElement;
    expect(box.checked).toBe(true);
    const before = analysisOf(store.getState().doc).totals;
    fireEvent.click(box);
    expect(node(store, 'conv_block1_conv')?.trainable).toBe(false);
    expect(within(field('trainable')).getByText('(frozen)')).toBeTruthy();
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    const after = analysisOf(store.getState().doc).totals;
    expect(after.trainable).toBe(before.trainable - 2368);
    expect(after.nonTrainable).toBe(before.nonTrainable + 2368);
    fireEvent.click(within(field('trainable')).getByRole('checkbox'));
    expect(node(store, 'conv_block1_conv')?.trainable).toBeUndefined();
  });

  it('validates inline, and commits a typed value once, on Enter, as one undo step', () => {
    const { store } = renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_conv'] });
    const input = within(field('filters')).getByRole('textbox') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'abc' } });
    expect(within(field('filters')).getByText(/filters must be a whole number ≥ 1/)).toBeTruthy();
    fireEvent.blur(input);
    expect(node(store, 'conv_block1_conv')?.params.filters).toBe(16); // not a number: not committed

    fireEvent.change(input, { target: { value: '1' } });
    fireEvent.change(input, { target: { value: '12' } });
    fireEvent.change(input, { target: { value: '128' } });
    expect(within(field('filters')).queryByText(/must be/)).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(node(store, 'conv_block1_conv')?.params.filters).toBe(128);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    expect(screen.getByText('360×480×128')).toBeTruthy();
  });

  it('keeps an out-of-range number and shows the analysis error at the field', () => {
    const { store } = renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_conv'] });
    const input = within(field('filters')).getByRole('textbox');
    fireEvent.change(input, { target: { value: '0' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(node(store, 'conv_block1_conv')?.params.filters).toBe(0);
    expect(analysisOf(store.getState().doc).ok).toBe(false);
    expect(
      within(field('filters')).getAllByText(/filters must be a whole number ≥ 1 \(got 0\)/).length,
    ).toBeGreaterThan(0);
  });

  it('commits selects, tuples and checkboxes', () => {
    const { store } = renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_conv'] });
    fireEvent.change(within(field('padding')).getByRole('combobox'), { target: { value: 'valid' } });
    expect(node(store, 'conv_block1_conv')?.params.padding).toBe('valid');
    const h = screen.getByLabelText('kernel size: height');
    fireEvent.change(h, { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('kernel size: width'), { target: { value: '5' } });
    fireEvent.blur(h);
    expect(node(store, 'conv_block1_conv')?.params.kernelSize).toEqual([3, 5]);
    fireEvent.click(within(field('useBias')).getByRole('checkbox'));
    expect(node(store, 'conv_block1_conv')?.params.useBias).toBe(false);
  });

  it('offers "not set" for nullable params (pooling strides)', () => {
    const { store } = renderWith(apesnet(), <Inspector />, { selection: ['conv_block1_pool'] });
    const strides = field('strides');
    const toggle = within(strides).getByRole('checkbox', { name: /same as pool size/ }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(node(store, 'conv_block1_pool')?.params.strides).toEqual([1, 1]);
    fireEvent.click(within(field('strides')).getByRole('checkbox'));
    expect(node(store, 'conv_block1_pool')?.params.strides).toBeNull();
  });

  it("shows the node's diagnostics, and Apply fix applies the fix's ops", () => {
    const { store } = renderWith(mismatchedAdd(), <Inspector />, { selection: ['add'] });
    const problem = screen.getByText(/Add needs inputs of the same shape/);
    expect(problem.textContent).toContain('32×32×16');
    expect(problem.textContent).toContain('32×32×8');
    const fix = screen.getByRole('button', { name: /Apply fix: Insert a 1×1 Conv2D with 16 filters/ });
    act(() => fix.click());
    expect(analysisOf(store.getState().doc).ok).toBe(true);
    expect(getGraph(store.getState().doc)?.nodes).toHaveLength(5);
    expect(screen.queryByText(/Add needs inputs of the same shape/)).toBeNull();
  });

  it('shows the model, with its totals, when nothing is selected; several nodes offer Make block', () => {
    const { store } = renderWith(apesnet(), <Inspector />);
    expect((screen.getByLabelText('Model name') as HTMLInputElement).value).toBe('apesnet');
    expect(screen.getByText('923,556')).toBeTruthy();
    act(() => store.getState().select(['conv_block1_bn', 'conv_block1_act']));
    act(() => screen.getByRole('button', { name: /Make block/ }).click());
    const doc = store.getState().doc;
    expect(doc.blocks.map((b) => b.name)).toEqual(['ApesBlock', 'Block1']);
    expect(store.getState().selection).toEqual(['block1_1']);
    expect(screen.getByRole('button', { name: 'Edit definition' })).toBeTruthy();
  });
});
