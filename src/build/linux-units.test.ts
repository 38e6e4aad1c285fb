import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from '../cli/cli-bundle.test-util.js';

/**
 * The systemd user units shipped in the .deb (assets/linux): what brings a till back after a crash and
 * what lets staff leave a kiosk for good. Both packaging paths (electron-builder's fpm list in package.json
 * and src/build/package-deb.mjs) must ship every unit.
 */

const unitText = (name: string) => readFileSync(path.join(repo, 'assets', 'linux', name), 'utf8');
const directive = (text: string, key: string) =>
  [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);

describe('the kiosk unit (tillpoint-kiosk.service)', () => {
  const unit = unitText('tillpoint-kiosk.service');

  it('starts the app as a kiosk, restarts it after a crash, and keeps an admin exit (exit 0) stopped', () => {
    expect(directive(unit, 'ExecStart')).toEqual(['/opt/Tillpoint/tillpoint --kiosk']);
    expect(directive(unit, 'Restart')).toEqual(['always']);
    expect(directive(unit, 'RestartPreventExitStatus')).toEqual(['0']);
    expect(directive(unit, 'StartLimitIntervalSec')).toEqual(['0']);
    expect(directive(unit, 'WantedBy')).toEqual(['graphical-session.target']);
  });

  it('is a unit systemd accepts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-unit-'));
    try {
      // the binary is not installed here: verify the same unit with a command that exists
      const file = path.join(dir, 'tillpoint-kiosk.service');
      writeFileSync(file, unit.replace('/opt/Tillpoint/tillpoint --kiosk', '/bin/true --kiosk'));
      const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      if (verify.error) throw new Error(`systemd-analyze is needed for this test: ${verify.error.message}`);
      expect(`${verify.stdout}${verify.stderr}`).toBe('');
      expect(verify.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('packaging', () => {
  it('ships every unit in both deb paths', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      build: { deb: { fpm: string[] } };
    };
    const packDeb = readFileSync(path.join(repo, 'src', 'build', 'package-deb.mjs'), 'utf8');
    for (const unit of ['tillpoint.service', 'tillpoint-kiosk.service']) {
      expect(pkg.build.deb.fpm).toContain(`assets/linux/${unit}=/usr/lib/systemd/user/${unit}`);
      expect(packDeb).toContain(`place('assets/linux/${unit}', 'usr/lib/systemd/user/${unit}')`);
    }
  });
});
