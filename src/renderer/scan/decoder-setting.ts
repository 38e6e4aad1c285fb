import { defaultDecoderName, isDecoderName, type DecoderName } from './frame-decoder.js';

/** The part of Web Storage the setting uses (localStorage in the page). */
export type SettingStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'tillpoint.camera-decoder';

/**
 * Which library decodes camera frames is a setting of this till's screen, chosen once in Settings (it depends
 * on the machine, not on the sale), so it lives in this browser profile's localStorage. Anything unreadable
 * (no storage, a value from another version) means the default.
 */
export function readDecoderSetting(storage: SettingStorage | null): DecoderName {
  try {
    const value = storage?.getItem(KEY);
    return isDecoderName(value) ? value : defaultDecoderName;
  } catch {
    return defaultDecoderName; // storage blocked by the browser's privacy settings
  }
}

/** Answers whether it was kept (false when the browser refuses storage). */
export function writeDecoderSetting(storage: SettingStorage | null, decoder: DecoderName): boolean {
  try {
    if (!storage) return false;
    storage.setItem(KEY, decoder);
    return true;
  } catch {
    return false;
  }
}

/** The page's localStorage, or null where reaching it throws (a sandboxed frame). */
export function pageStorage(): SettingStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
