import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRendererFile } from './renderer-files.js';

/** Real files in a temp folder: the renderer, a secret beside it, and a symlink pointing out. */
let dir: string;
let renderer: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-app-protocol-'));
  renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), '');
  writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveRendererFile', () => {
  it('serves index.html for / and files inside the renderer folder', async () => {
    expect(await resolveRendererFile(renderer, '/')).toBe(path.join(renderer, 'index.html'));
    expect(await resolveRendererFile(renderer, '/assets/app.js')).toBe(
      path.join(renderer, 'assets', 'app.js'),
    );
  });

  it('answers 404 for what is not there, and for a folder', async () => {
    expect(await resolveRendererFile(renderer, '/assets/missing.js')).toBe(404);
    expect(await resolveRendererFile(renderer, '/assets')).toBe(404);
  });

  it('refuses every way out of the folder', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/a%00.js',
    ]) {
      expect(await resolveRendererFile(renderer, attempt), attempt).toBe(403);
    }
    expect(await resolveRendererFile(renderer, '/%E0%A4%A')).toBe(400);
    expect(await resolveRendererFile(renderer, '/assets/link.txt')).toBe(403);
  });
});
