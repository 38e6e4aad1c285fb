import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { halfScale, wantsHalfScale } from './half-scale.js';

const rgba = (width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
};

describe('halfScale', () => {
  test('averages each 2x2 block into one grey pixel, luma (R + 2G + B) / 4', () => {
    // a 4x2 frame: the left block white, the right block a red/blue/green/black mix
    const image = rgba(4, 2, (x, y) =>
      x < 2
        ? [255, 255, 255]
        : ([
            [255, 0, 0],
            [0, 0, 255],
            [0, 255, 0],
            [0, 0, 0],
          ][y * 2 + x - 2] as [number, number, number]),
    );
    const half = halfScale(image);
    expect([half.width, half.height]).toEqual([2, 1]);
    expect(Array.from(half.data)).toEqual([255, 255, 255, 255, 63, 63, 63, 255]);
  });

  test('keeps a black/white edge where it was, and drops an odd last row and column', () => {
    const image = rgba(7, 5, (x) => (x < 4 ? [0, 0, 0] : [255, 255, 255]));
    const half = halfScale(image);
    expect([half.width, half.height]).toEqual([3, 2]);
    const row = Array.from({ length: 3 }, (_, x) => half.data[x * 4]);
    expect(row).toEqual([0, 0, 255]);
  });

  test('never leaves 0..255 and is opaque', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const half = halfScale({ data: Uint8ClampedArray.from(bytes), width: 2, height: 2 });
        expect(half.data[3]).toBe(255);
        expect(half.data[0]).toBe(half.data[1]);
      }),
    );
  });
});

test('720p and up are halved; 640x480 is decoded as it is', () => {
  expect(wantsHalfScale({ data: new Uint8ClampedArray(0), width: 1280, height: 720 })).toBe(true);
  expect(wantsHalfScale({ data: new Uint8ClampedArray(0), width: 640, height: 480 })).toBe(false);
});
