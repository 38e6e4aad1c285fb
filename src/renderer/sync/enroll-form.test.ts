import { describe, expect, it } from 'vitest';
import { readEnrollForm } from './enroll-form.js';

describe('readEnrollForm', () => {
  it('takes an http(s) URL without its trailing slash and the trimmed code', () => {
    expect(readEnrollForm(' http://127.0.0.1:8787/ ', ' ABCD-EFGH-JKLM-NPQR ')).toEqual({
      ok: true,
      hubUrl: 'http://127.0.0.1:8787',
      code: 'ABCD-EFGH-JKLM-NPQR',
    });
    expect(readEnrollForm('https://hub.example.com/tills', 'abcd-efgh-jklm-npqr')).toMatchObject({
      ok: true,
      hubUrl: 'https://hub.example.com/tills',
      code: 'abcd-efgh-jklm-npqr',
    });
  });
  it('refuses what is not an http(s) address', () => {
    for (const url of ['', '127.0.0.1:8787', 'hub.example.com', 'ftp://hub.example.com', 'http://']) {
      expect(readEnrollForm(url, 'ABCD-EFGH-JKLM-NPQR')).toEqual({
        ok: false,
        problem: 'sync.enroll.badUrl',
      });
    }
    expect(readEnrollForm(`http://h.example/${'x'.repeat(300)}`, 'ABCD-EFGH')).toMatchObject({
      problem: 'sync.enroll.badUrl',
    });
  });
  it('refuses a code shorter than 8 or longer than 64 characters', () => {
    expect(readEnrollForm('http://h.example', ' ABC-DEF ')).toEqual({
      ok: false,
      problem: 'sync.enroll.badCode',
    });
    expect(readEnrollForm('http://h.example', 'A'.repeat(65))).toMatchObject({
      problem: 'sync.enroll.badCode',
    });
  });
});
