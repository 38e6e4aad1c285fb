import { describe, expect, it } from 'vitest';
import { cameraProblem } from './camera-problem.js';

const domError = (name: string) => Object.assign(new Error(`${name} happened`), { name });

describe('cameraProblem', () => {
  it('maps permission refusals to the denied message', () => {
    expect(cameraProblem(domError('NotAllowedError')).key).toBe('camera.denied');
    expect(cameraProblem(domError('SecurityError')).key).toBe('camera.denied');
  });
  it('maps a missing camera to the no-camera message', () => {
    expect(cameraProblem(domError('NotFoundError')).key).toBe('camera.notFound');
    expect(cameraProblem(domError('OverconstrainedError')).key).toBe('camera.notFound');
  });
  it('maps a camera held by another program to busy', () => {
    expect(cameraProblem(domError('NotReadableError')).key).toBe('camera.busy');
  });
  it('keeps the browser message for anything else, even a thrown string', () => {
    expect(cameraProblem(domError('WeirdError'))).toEqual({
      key: 'camera.failed',
      message: 'WeirdError happened',
    });
    expect(cameraProblem('boom')).toEqual({ key: 'camera.failed', message: 'boom' });
  });
});
