import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import type { StatusDto } from '../../shared/dto.js';
import { freshStatus } from '../../shared/status-fixture.test-util.js';
import { StatusBar } from './StatusBar.js';

/** The status bar's card reader item, rendered to HTML with the English catalog (no browser needed). */
const render = (nfc: StatusDto['nfc']) =>
  renderToStaticMarkup(
    createElement(StatusBar, {
      terminalName: 'Till 1',
      status: { ...freshStatus(), nfc },
      screen: 'sell',
      onScreen: () => {},
      onTopUp: () => {},
      storedValue: { demoCardKey: false, storedValueOff: null },
    }),
  );

describe('the card reader item', () => {
  test('NFC support not installed: says so, and what to install as its title', () => {
    const html = render('not-installed');
    expect(html).toContain('>Card reader: NFC support not installed</li>');
    expect(html).toMatch(
      /title="NFC support is not installed on this till[^"]*apt-get install libpcsclite-dev[^"]*npm ci/,
    );
  });

  test('pcscd not running stays "unavailable", without the install hint', () => {
    const html = render('unavailable');
    expect(html).toContain('>Card reader: unavailable</li>');
    expect(html).not.toContain('libpcsclite-dev');
  });
});
