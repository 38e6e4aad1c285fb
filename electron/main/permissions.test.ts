import { describe, expect, it } from 'vitest';
import { grantsPermissionCheck, grantsPermissionRequest } from './permissions.js';

const origin = 'app://tillpoint';
const page = `${origin}/index.html`;

describe('grantsPermissionRequest', () => {
  it('grants the camera to our page', () => {
    expect(grantsPermissionRequest('media', { requestingUrl: page, mediaTypes: ['video'] }, origin)).toBe(
      true,
    );
  });

  it.each([
    ['the microphone', { requestingUrl: page, mediaTypes: ['audio'] }],
    ['camera and microphone together', { requestingUrl: page, mediaTypes: ['video', 'audio'] }],
    ['media without a type', { requestingUrl: page, mediaTypes: [] }],
    ['media with no types field', { requestingUrl: page }],
    ['a frame of another origin', { requestingUrl: 'https://evil.example/x', mediaTypes: ['video'] }],
    ['an app:// look-alike host', { requestingUrl: 'app://tillpoint.evil/', mediaTypes: ['video'] }],
    ['a look-alike with user info', { requestingUrl: 'app://tillpoint@evil/', mediaTypes: ['video'] }],
    ['a file:// page', { requestingUrl: 'file:///home/x/index.html', mediaTypes: ['video'] }],
    ['no requesting URL', { mediaTypes: ['video'] }],
    ['an unparsable URL', { requestingUrl: 'not a url', mediaTypes: ['video'] }],
  ])('refuses %s', (_what, details) => {
    expect(grantsPermissionRequest('media', details, origin)).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'midi', 'openExternal', 'fullscreen'])(
    'refuses %s even to our page',
    (permission) => {
      expect(
        grantsPermissionRequest(permission, { requestingUrl: page, mediaTypes: ['video'] }, origin),
      ).toBe(false);
    },
  );
});

describe('grantsPermissionCheck', () => {
  it('answers yes for the camera on our origin only', () => {
    expect(grantsPermissionCheck('media', origin, 'video', origin)).toBe(true);
    expect(grantsPermissionCheck('media', `${origin}/`, 'video', origin)).toBe(true);
    expect(grantsPermissionCheck('media', origin, 'audio', origin)).toBe(false);
    expect(grantsPermissionCheck('media', origin, 'unknown', origin)).toBe(false);
    expect(grantsPermissionCheck('media', origin, undefined, origin)).toBe(false);
    expect(grantsPermissionCheck('media', 'https://evil.example', 'video', origin)).toBe(false);
    expect(grantsPermissionCheck('geolocation', origin, undefined, origin)).toBe(false);
  });
});
