// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../compile';
import { apesnet } from '../test/factories.testkit';
import { renderWith } from '../test/render.testkit';
import { SummaryPanel } from './SummaryPanel';

afterEach(cleanup);

const rows = () => [...document.querySelectorAll('.sw-summary-table tbody tr')];

describe('SummaryPanel', () => {
  it('shows the Keras summary of ApesNet with its totals', () => {
    renderWith(apesnet(), <SummaryPanel />);
    expect(rows()).toHaveLength(56);
    const first = rows()[1]?.textContent ?? '';
    expect(first).toContain('conv_block1_conv');
    expect(first).toContain('Conv2D');
    expect(first).toContain('(None, 360, 480, 16)');
    expect(first).toContain('2,368');
    expect(first).toContain('406 M'); // MACs: 360·480·7·7·3·16, compact; the exact figure on hover
    expect(rows()[1]?.querySelector('[title$="multiply-accumulates"]')?.getAttribute('title')).toBe(
      '406,425,600 multiply-accumulates',
    );
    expect(first).toContain('10.5 MB'); // activations: 360·480·16 float32
    expect(first).toContain('input');
    const add = rows().find((r) => r.getAttribute('data-path') === 'apes_block1/add')?.textContent ?? '';
    expect(add).toContain('apes_block1_bn_3, apes_block1_bn_shortcut');
    expect(screen.getByText('Total params').nextElementSibling?.textContent).toBe('923,556');
    expect(screen.getByText('Trainable params').nextElementSibling?.textContent).toBe('922,068');
    expect(screen.getByText('Non-trainable params').nextElementSibling?.textContent).toBe('1,488');
    expect(screen.getByText('Mult-adds per sample').nextElementSibling?.textContent).toBe('11.3 G MACs');
    expect(screen.getByText('Activations per sample').nextElementSibling?.textContent).toBe('207 MB');
  });

  it('follows edits', () => {
    const { store } = renderWith(EXAMPLES.spirals?.() as never, <SummaryPanel />);
    const before = screen.getByText('Total params').nextElementSibling?.textContent;
    act(() => {
      store.getState().apply({ op: 'setParam', node: 'hidden', param: 'units', value: 1000 });
    });
    const after = screen.getByText('Total params').nextElementSibling?.textContent;
    expect(before).toBe('626');
    expect(after).toBe('35,066');
  });

  it('selects and centres the layer of a clicked row (inside its block for a block layer)', () => {
    const { store } = renderWith(apesnet(), <SummaryPanel />);
    fireEvent.click(rows().find((r) => r.getAttribute('data-path') === 'conv_block2_bn') as Element);
    expect(store.getState().selection).toEqual(['conv_block2_bn']);
    expect(store.getState().focus?.id).toBe('conv_block2_bn');
    expect(store.getState().scopePath).toEqual([]);
    fireEvent.keyDown(rows().find((r) => r.getAttribute('data-path') === 'apes_block2/conv_7x7') as Element, {
      key: 'Enter',
    });
    expect(store.getState().scopePath).toEqual(['apes_block']);
    expect(store.getState().selection).toEqual(['conv_7x7']);
  });
});
