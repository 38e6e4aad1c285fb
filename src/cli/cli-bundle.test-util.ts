import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The environment the CLI tests run the command in: English messages whatever the machine's LANG is (the
 * command follows TILLPOINT_LANG, then LC_ALL / LC_MESSAGES / LANG), so assertions on its words hold.
 * Tests of the languages themselves set their own.
 */
export const cliEnv: NodeJS.ProcessEnv = { ...process.env, TILLPOINT_LANG: 'en' };

/** The repository root, for tests that run the real `tillpoint` command. */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles src/cli/main.ts the way src/build/build.mjs does and answers the file. Inside the repo
 * (node_modules/.cache), so the bundle's external packages resolve from its node_modules; one file per
 * test file and process, so parallel test files never share one.
 */
export async function bundleCli(name: string): Promise<string> {
  // its own folder: the commands are chunks beside the entry, as in dist/cli
  const outdir = path.join(repo, 'node_modules', '.cache', 'tillpoint-cli-test', `${name}-${process.pid}`);
  await build({
    entryPoints: { tillpoint: path.join(repo, 'src/cli/main.ts') },
    outdir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'error',
  });
  return path.join(outdir, 'tillpoint.mjs');
}

/**
 * Runs a server command of the bundled CLI (`gateway`, `hub` ...) as a child process: `url` resolves with
 * the address from its "Tillpoint <command>: <url>" line, or rejects if it exits first.
 */
export function runServerCommand(
  cli: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
) {
  const child = spawn(process.execPath, [cli, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? cliEnv,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = new RegExp(`^Tillpoint ${command}: (https?://[^\\s]+:\\d+)\\n`);
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = line.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`${command} exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

/**
 * `tillpoint serve` from a CLI bundle as a child process: `url` resolves with the address of its one
 * `Tillpoint cashier:` line, or rejects with its stderr if it exits first.
 */
export function spawnServe(
  cli: string,
  args: readonly string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
) {
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    cwd: opts.cwd,
    env: opts.env ?? cliEnv,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = /Tillpoint cashier: (\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}
