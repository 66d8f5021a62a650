import { describe, expect, it } from 'vitest';
import { classOfPath, type ImageDataLike, imageFolderDataset, resizeImage } from './images';

function solid(width: number, height: number, rgb: [number, number, number]): ImageDataLike {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

describe('image folders', () => {
  it('takes the class from the parent folder', () => {
    expect(classOfPath('pets/cats/001.png')).toBe('cats');
    expect(classOfPath('dogs\\a.jpg')).toBe('dogs');
    expect(classOfPath('loose.png')).toBeUndefined();
  });

  it('resizes: a solid image stays solid, grey is the luma', () => {
    const rgb = resizeImage(solid(7, 5, [255, 0, 51]), 4, 4, 3);
    for (let i = 0; i < 16; i++)
      expect([...rgb.subarray(i * 3, i * 3 + 3)].map((v) => +v.toFixed(3))).toEqual([1, 0, 0.2]);
    const grey = resizeImage(solid(3, 3, [255, 255, 0]), 2, 2, 1);
    expect(grey[0]).toBeCloseTo(0.299 + 0.587, 5);
  });

  it('resizes bilinearly with pixel centres (a 2-pixel ramp upsampled to 4)', () => {
    const data = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]);
    const out = resizeImage({ width: 2, height: 1, data }, 1, 4, 1);
    expect([...out].map((v) => +v.toFixed(3))).toEqual([0, 0.25, 0.75, 1]);
  });

  it('makes a classification set with sorted classes', () => {
    const d = imageFolderDataset(
      [
        { path: 'set/zebra/1.png', image: solid(10, 10, [0, 0, 0]) },
        { path: 'set/ant/1.png', image: solid(20, 8, [255, 255, 255]) },
        { path: 'set/ant/2.png', image: solid(4, 4, [255, 255, 255]) },
      ],
      { height: 6, width: 6, channels: 3, name: 'set' },
    );
    expect(d).toMatchObject({ task: 'classification', count: 3, inputShape: [6, 6, 3], classes: ['ant', 'zebra'] });
    expect([...d.labels]).toEqual([1, 0, 0]);
    expect(d.x[0]).toBe(0);
    expect(d.x[108]).toBe(1);
  });

  it('explains folders it cannot use', () => {
    const im = solid(2, 2, [0, 0, 0]);
    expect(() => imageFolderDataset([{ path: 'a.png', image: im }], { height: 2, width: 2, channels: 1 })).toThrow(
      /not in a class folder/,
    );
    expect(() => imageFolderDataset([{ path: 'cats/a.png', image: im }], { height: 2, width: 2, channels: 1 })).toThrow(
      /Found 1 class folder \("cats"\)/,
    );
    expect(() =>
      imageFolderDataset(
        [
          { path: 'a/x.png', image: { width: 2, height: 2, data: new Uint8ClampedArray(3) } },
          { path: 'b/y.png', image: im },
        ],
        {
          height: 2,
          width: 2,
          channels: 1,
        },
      ),
    ).toThrow(/no pixel data/);
  });
});
