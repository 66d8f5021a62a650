/**
 * The canvas, looked at in Chromium (production build): every wire's drawn SVG path is sampled
 * every 2 px and tested against the box of every node it does not connect — a wire that passes
 * behind a node would hide the skip connection, so there must be none. Wire labels must overlap
 * no node and no other label. Also: ApesNet's first view and its Fit zoom. Conditions are awaited;
 * there are no fixed sleeps.
 */
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoBranches } from './fixtures';
import { type Harness, startHarness } from './harness';
import { mobileNetV2Like } from './mobilenet';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 180_000);

afterAll(async () => {
  await h?.close();
}, 60_000);

interface Look {
  readonly nodes: number;
  readonly wires: number;
  /** `wire id: node id` for each wire that passes through a node it does not connect. */
  readonly crossings: string[];
  /** Labels overlapping a node or another label. */
  readonly labelOverlaps: string[];
  readonly labels: number;
}

/** Samples every wire against every node box (graph coordinates, from the DOM). */
function look(page: Page): Promise<Look> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => {
      const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(el.style.transform);
      return { id: el.dataset.id ?? '', x: Number(m?.[1]), y: Number(m?.[2]), w: el.offsetWidth, h: el.offsetHeight };
    });
    const crossings: string[] = [];
    const paths = [...document.querySelectorAll<SVGPathElement>('.react-flow__edge path.react-flow__edge-path')];
    for (const p of paths) {
      const { source, target } = p.dataset;
      const len = p.getTotalLength();
      const hit = new Set<string>();
      for (let l = 0; l <= len; l += 2) {
        const q = p.getPointAtLength(l);
        for (const b of boxes)
          if (
            b.id !== source &&
            b.id !== target &&
            q.x > b.x + 1 &&
            q.x < b.x + b.w - 1 &&
            q.y > b.y + 1 &&
            q.y < b.y + b.h - 1
          )
            hit.add(b.id);
      }
      for (const id of hit) crossings.push(`${p.id}: ${id}`);
    }
    const rect = (el: Element) => el.getBoundingClientRect();
    const nodeRects = [...document.querySelectorAll('.react-flow__node')].map((el) => ({
      id: el.getAttribute('data-id'),
      r: rect(el),
    }));
    const labels = [...document.querySelectorAll('.sw-wire-label rect')].map(rect);
    const meet = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const labelOverlaps: string[] = [];
    labels.forEach((a, i) => {
      for (const n of nodeRects) if (meet(a, n.r)) labelOverlaps.push(`label ${i} over ${n.id}`);
      labels.forEach((b, j) => {
        if (j > i && meet(a, b)) labelOverlaps.push(`label ${i} over label ${j}`);
      });
    });
    return { nodes: boxes.length, wires: paths.length, crossings, labelOverlaps, labels: labels.length };
  });
}

/** Waits until `nodes` nodes and `wires` routed wires are drawn, then looks. */
async function settled(page: Page, nodes: number, wires: number): Promise<Look> {
  await page.waitForFunction(
    ([n, w]) =>
      document.querySelectorAll('.react-flow__node').length === n &&
      document.querySelectorAll('.react-flow__edge path[data-routed="true"]').length === w &&
      [...document.querySelectorAll<HTMLElement>('.react-flow__node')].every((el) => el.style.visibility !== 'hidden'),
    [nodes, wires] as const,
  );
  // Measuring a node re-routes its wires: look once the drawing holds still for two frames.
  let last = '';
  for (;;) {
    const now = await page.evaluate(
      () =>
        new Promise<string>((done) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              done([...document.querySelectorAll('.react-flow__edge-path')].map((p) => p.getAttribute('d')).join('|')),
            ),
          ),
        ),
    );
    if (now === last) break;
    last = now;
  }
  return look(page);
}

const zoom = (page: Page) =>
  page.evaluate(() => {
    const t = (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform;
    return Number(/scale\(([\d.]+)\)/.exec(t)?.[1]);
  });

/** Waits until the viewport's transform holds still for two frames (the Fit animation ended). */
async function viewportStill(page: Page): Promise<void> {
  let last = '';
  for (;;) {
    const now = await page.evaluate(
      () =>
        new Promise<string>((done) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              done((document.querySelector('.react-flow__viewport') as HTMLElement).style.transform),
            ),
          ),
        ),
    );
    if (now === last) return;
    last = now;
  }
}

/** Every node's id and transform, sorted: where the nodes are. */
const placed = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .map((el) => `${el.dataset.id}@${el.style.transform}`)
      .sort()
      .join('|'),
  );

async function openFile(page: Page, doc: unknown, name: string) {
  await page.locator('[data-testid="open-file"]').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
}

describe('the canvas shows skip connections (Chromium)', () => {
  it('apes-block: the shortcut runs around the convolution, labels clear of nodes', async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apes-block`);
    const l = await settled(page, 3, 3);
    expect(l.crossings).toEqual([]);
    expect(l.labelOverlaps).toEqual([]);
    expect(l.labels).toBeGreaterThanOrEqual(2);
  });

  it('ApesNet opens fitted at a readable zoom from its input; Fit keeps it ≥ 0.35; no wire crosses a node', async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(h.url);
    const l = await settled(page, 36, 35);
    expect(l.crossings).toEqual([]);
    expect(await zoom(page)).toBeGreaterThanOrEqual(0.35);
    const input = await page.locator('.react-flow__node[data-id="input"]').boundingBox();
    const pane = await page.locator('.sw-canvas').boundingBox();
    if (!input || !pane) throw new Error('no input node or pane');
    expect(input.x).toBeGreaterThanOrEqual(pane.x);
    expect(input.y).toBeGreaterThanOrEqual(pane.y);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await viewportStill(page);
    expect(await zoom(page)).toBeGreaterThanOrEqual(0.35);
    expect(await page.locator('.sw-canvas').getAttribute('data-zoom-level')).not.toBe('far');
  });

  it("ApesNet's ApesBlock definition, as opened and after Auto-layout (ELK's routes)", async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apesnet`);
    await page.locator('.react-flow__node[data-id="apes_block1"]').dblclick();
    await page.locator('.sw-canvas[data-scope="apes_block"]').waitFor();
    const opened = await settled(page, 12, 12);
    expect(opened.crossings).toEqual([]);
    const asOpened = await placed(page);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Undo' }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    const laid = await settled(page, 12, 12);
    expect(laid.crossings).toEqual([]);
    expect(laid.labelOverlaps).toEqual([]);
    // The shortcut (x → bn_shortcut → add) is beside the branch, not behind it: bn_shortcut sits
    // in its own column, level with the branch's nodes.
    const box = async (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
    const shortcut = await box('bn_shortcut');
    const branch = await box('conv_1x1');
    if (!shortcut || !branch) throw new Error('missing nodes');
    expect(shortcut.x >= branch.x + branch.width || shortcut.x + shortcut.width <= branch.x).toBe(true);
    // The whole re-layout is one undo step: one Undo puts every node back where it was.
    expect(await placed(page)).not.toEqual(asOpened);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(
      (before) =>
        [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
          .map((el) => `${el.dataset.id}@${el.style.transform}`)
          .sort()
          .join('|') === before,
      asOpened,
    );
  }, 180_000);

  it('a palette insert with a node selected (mouse): spliced in, over no node, no wire through a node', async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apes-block`);
    await settled(page, 3, 3);
    const before = await page.locator('.react-flow__node[data-id="add"]').getAttribute('style');
    // input feeds both branches: the new layer goes between input and both of them.
    await page.locator('.react-flow__node[data-id="input"] .sw-node-detail').click();
    await page.locator('.sw-palette-entry[data-layer-type="dropout"]').dblclick();
    const l = await settled(page, 4, 4);
    expect(l.crossings).toEqual([]);
    expect(l.labelOverlaps).toEqual([]);
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('.react-flow__node')].map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-id'), x: r.x, y: r.y, r: r.right, b: r.bottom };
      }),
    );
    const over = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .flatMap((b) => (a.x < b.r && b.x < a.r && a.y < b.b && b.y < a.b ? [`${a.id} × ${b.id}`] : [])),
    );
    expect(over).toEqual([]);
    const dropout = boxes.find((b) => b.id?.startsWith('dropout'));
    const input = boxes.find((b) => b.id === 'input');
    if (!dropout || !input) throw new Error('missing nodes');
    expect(dropout.y).toBeGreaterThan(input.b);
    // One undo step takes the insert back, wires and moves together.
    await page.getByRole('button', { name: 'Undo' }).click();
    await settled(page, 3, 3);
    expect(await page.locator('.react-flow__node[data-id="add"]').getAttribute('style')).toBe(before);
  });

  it('apes-block with a broken Add: the node with the error covers none of its neighbours', async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apes-block`);
    await settled(page, 3, 3);
    // conv makes 8 channels, the input has 3: the Add cannot add them. A ReLU sits right under the
    // Add, at the examples' row pitch, and a Dropout under the conv's row beside it.
    const doc = {
      format: 'skipwire',
      version: 2,
      name: 'broken_add',
      nodes: [
        { id: 'input', type: 'input', name: 'input', params: { shape: [32, 32, 3] }, position: { x: 0, y: 0 } },
        {
          id: 'conv',
          type: 'conv2d',
          name: 'conv',
          params: { filters: 8, kernelSize: [3, 3], padding: 'same' },
          position: { x: 0, y: 110 },
        },
        { id: 'add', type: 'add', name: 'add', params: {}, position: { x: 0, y: 220 } },
        { id: 'relu', type: 'relu', name: 'relu', params: {}, position: { x: 0, y: 330 } },
      ],
      edges: [
        { id: 'e1', source: 'input', sourcePort: 0, target: 'conv', targetPort: 0 },
        { id: 'e2', source: 'input', sourcePort: 0, target: 'add', targetPort: 0 },
        { id: 'e3', source: 'conv', sourcePort: 0, target: 'add', targetPort: 1 },
        { id: 'e4', source: 'add', sourcePort: 0, target: 'relu', targetPort: 0 },
      ],
      blocks: [],
      metadata: {},
    };
    await openFile(page, doc, 'broken_add.skipwire.json');
    await page.locator('.react-flow__node[data-id="add"] .sw-node.has-error').waitFor();
    const l = await settled(page, 4, 4);
    expect(l.crossings).toEqual([]);
    const rects = await page.evaluate(() =>
      [...document.querySelectorAll('.react-flow__node')].map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-id'), x: r.x, y: r.y, r: r.right, b: r.bottom, h: r.height };
      }),
    );
    const over = rects.flatMap((a, i) =>
      rects
        .slice(i + 1)
        .flatMap((b) => (a.x < b.r && b.x < a.r && a.y < b.b && b.y < a.b ? [`${a.id} × ${b.id}`] : [])),
    );
    expect(over).toEqual([]);
    // The message is one line on the node; the whole of it is a popover, shown on hover or selection.
    const message = page.locator('.react-flow__node[data-id="add"] .sw-node-message');
    await expect(message.isVisible()).resolves.toBe(true);
    await page.locator('.react-flow__node[data-id="add"] .sw-node-detail').click();
    await page.locator('.react-flow__node[data-id="add"] .sw-node-popover').waitFor({ state: 'visible' });
  });

  it('a hand-drawn two-branch block, nodes stacked so that the straight wire would pass behind one', async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apes-block`);
    await settled(page, 3, 3);
    const doc = twoBranches(true);
    // Stack input, wide, narrow and add in one column: input → narrow and wide → add would run
    // straight through the node between them.
    const stacked = {
      ...doc,
      nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: 100, y: i * 130 } })),
    };
    await openFile(page, stacked, 'stacked.skipwire.json');
    const l = await settled(page, 4, 4);
    expect(l.crossings).toEqual([]);
    expect(l.labelOverlaps).toEqual([]);
    // Dragging a node onto a wire re-routes that wire.
    const narrow = page.locator('.react-flow__node[data-id="narrow"]');
    const b = await narrow.boundingBox();
    if (!b) throw new Error('no narrow node');
    await page.mouse.move(b.x + 20, b.y + 10);
    await page.mouse.down();
    await page.mouse.move(b.x + 60, b.y + 10, { steps: 5 });
    await page.mouse.up();
    const moved = await settled(page, 4, 4);
    expect(moved.crossings).toEqual([]);
  });

  it('an imported MobileNetV2-style model (152 layers): laid out, all in view at Fit, no wire through a node', async () => {
    const json = mobileNetV2Like(tf).toJSON(null, true) as string;
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apes-block`);
    await settled(page, 3, 3);
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'mobilenet_v2.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json),
    });
    // Import and layout: seconds on an idle machine, much longer on a loaded one.
    await page.waitForFunction(
      () => document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === '152',
      undefined,
      {
        timeout: 150_000,
      },
    );
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await viewportStill(page);
    const l = await settled(page, 152, 161);
    expect(l.crossings).toEqual([]);
    expect(l.labelOverlaps).toEqual([]);
  }, 300_000);
});
