/**
 * The DOM pieces React Flow needs that happy-dom lacks, as in React Flow's testing guide:
 * ResizeObserver (firing on observe), DOMMatrixReadOnly, offsetWidth/offsetHeight, SVG getBBox.
 */
class ResizeObserverMock {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve(): void {}
  disconnect(): void {}
}

class DOMMatrixReadOnlyMock {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
    this.m22 = scale !== undefined ? +scale : 1;
  }
}

let installed = false;

export function mockReactFlow(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  g.ResizeObserver = ResizeObserverMock;
  g.DOMMatrixReadOnly = DOMMatrixReadOnlyMock;
  Object.defineProperties(globalThis.HTMLElement.prototype, {
    offsetHeight: {
      configurable: true,
      get(this: HTMLElement) {
        return Number.parseFloat(this.style.height) || 1;
      },
    },
    offsetWidth: {
      configurable: true,
      get(this: HTMLElement) {
        return Number.parseFloat(this.style.width) || 1;
      },
    },
  });
  (globalThis.SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox = () =>
    ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
}
