import { describe, expect, it } from 'vitest';
import { readDecoderSetting, writeDecoderSetting, type SettingStorage } from './decoder-setting.js';
import { defaultDecoderName } from './frame-decoder.js';

/** Web Storage's contract over a Map: strings in, strings (or null) out. */
function memoryStorage(): SettingStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
  };
}

const refusing: SettingStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('the camera decoder setting', () => {
  it('keeps the chosen decoder', () => {
    const storage = memoryStorage();
    expect(readDecoderSetting(storage)).toBe(defaultDecoderName);
    expect(writeDecoderSetting(storage, 'jsqr')).toBe(true);
    expect(readDecoderSetting(storage)).toBe('jsqr');
    writeDecoderSetting(storage, 'zxing');
    expect(readDecoderSetting(storage)).toBe('zxing');
  });
  it('falls back to the default for an unknown value, no storage, or storage that throws', () => {
    const storage = memoryStorage();
    storage.setItem('tillpoint.camera-decoder', 'quagga');
    expect(readDecoderSetting(storage)).toBe(defaultDecoderName);
    expect(readDecoderSetting(null)).toBe(defaultDecoderName);
    expect(readDecoderSetting(refusing)).toBe(defaultDecoderName);
    expect(writeDecoderSetting(refusing, 'jsqr')).toBe(false);
    expect(writeDecoderSetting(null, 'jsqr')).toBe(false);
  });
});
