/**
 * Which permission requests the till grants: the camera only (the cashier scans payment QR codes with it),
 * and only to our own page. Never the microphone: a till has no use for it and a shop floor is not ours to
 * record. The origin is checked on the frame that asks (`details.requestingUrl` / the requesting origin),
 * not on the window's top-level URL, so an embedded frame of another origin cannot borrow the window's
 * right. Plain objects stand in for Electron's details in tests; the origin is a parameter, so this file
 * does not load Electron.
 */

/** What the request handler reads of Electron's `PermissionRequest` / `MediaAccessPermissionRequest`. */
export interface PermissionRequestDetails {
  readonly requestingUrl?: string;
  /** 'video' and/or 'audio', for the 'media' permission only */
  readonly mediaTypes?: readonly string[];
}

/** scheme://host of a URL, or null; `URL.origin` is "null" for custom schemes such as app://, so no. */
function originOf(url: string | undefined): string | null {
  if (url === undefined || url === '') return null;
  try {
    const parsed = new URL(url);
    if (parsed.username !== '' || parsed.password !== '') return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** `setPermissionRequestHandler`: camera (video without audio) for our origin; everything else refused. */
export function grantsPermissionRequest(
  permission: string,
  details: PermissionRequestDetails,
  appOrigin: string,
): boolean {
  if (permission !== 'media') return false;
  if (originOf(details.requestingUrl) !== appOrigin) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

/**
 * `setPermissionCheckHandler` (e.g. enumerateDevices naming the cameras): 'media' of type 'video' for our
 * origin. 'audio' and 'unknown' are refused, so the microphones stay unnamed too.
 */
export function grantsPermissionCheck(
  permission: string,
  requestingOrigin: string,
  mediaType: string | undefined,
  appOrigin: string,
): boolean {
  return permission === 'media' && mediaType === 'video' && originOf(requestingOrigin) === appOrigin;
}
