import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';

/**
 * One tsconfig per runtime (STYLE.md): the renderer sees the DOM and not Node, the Node side sees Node and
 * not the DOM, the domain sees neither. Each snippet is compiled with the real config it would fall under
 * (extended, so its lib and types are exactly those), from a folder inside the repo so node_modules/@types
 * resolves as it does for the source.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = path.join(repo, 'node_modules', '.cache', `tillpoint-tsconfig-test-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** The messages of the errors tsc reports for `source` under `config` (a path relative to the repo). */
function compile(config: string, source: string): string[] {
  n += 1;
  const dir = path.join(work, String(n));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'snippet.ts'), source);
  const configFile = path.join(dir, 'tsconfig.json');
  writeFileSync(
    configFile,
    JSON.stringify({ extends: path.join(repo, config), files: ['snippet.ts'], include: [], exclude: [] }),
  );
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configFile}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const fine = 'export const first: number = [1, 2].at(0) ?? 0;\n';
const usesBuffer = "export const bytes = Buffer.from('x').length;\n";
const usesDocument = 'export const title = document.title;\n';
const usesProcess = 'export const cwd = process.cwd();\n';

describe('one tsconfig per runtime', () => {
  test.each([
    ['src/renderer/tsconfig.json', 'the renderer (browser)', [usesBuffer, usesProcess], [usesDocument]],
    ['tsconfig.json', 'the terminal, host, hub, CLI and Electron (Node)', [usesDocument], [usesBuffer]],
    ['src/core/tsconfig.json', 'the domain (pure)', [usesBuffer, usesDocument, usesProcess], []],
    ['e2e/tsconfig.json', 'the Playwright specs (Node scripting a page)', [], [usesBuffer, usesDocument]],
  ])(
    '%s: %s',
    (config, _what, refused, allowed) => {
      expect(compile(config, fine)).toEqual([]);
      for (const source of refused) expect(compile(config, source).join('\n')).toMatch(/Cannot find name/);
      for (const source of allowed) expect(compile(config, source)).toEqual([]);
    },
    60_000,
  );

  test("nothing the renderer imports pulls Node's types into its program", () => {
    // A package whose typings say `/// <reference types="node" />` (@types/qrcode does) would make Buffer
    // and process compile in the renderer again, whatever its tsconfig says.
    const configFile = path.join(repo, 'src/renderer/tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    );
    if (!parsed) throw new Error(`cannot read ${configFile}`);
    expect(parsed.fileNames.length).toBeGreaterThan(10);
    const files = ts.createProgram(parsed.fileNames, parsed.options).getSourceFiles();
    const nodeTypes = files.map((f) => f.fileName).filter((f) => f.includes('/@types/node/'));
    expect(nodeTypes).toEqual([]);
  }, 60_000);
});
