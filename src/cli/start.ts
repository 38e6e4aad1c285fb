import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';

/**
 * The Electron binary from the `electron` package: its index.js answers the path, and throws when the
 * binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network during npm install).
 */
export function electronBinary(appDir: string): string {
  const require = createRequire(`${appDir}/package.json`);
  let binary: unknown;
  try {
    binary = require('electron');
  } catch (error) {
    throw new CliFailure(
      `The Electron binary is not installed (${(error as Error).message.split('\n')[0]}). ` +
        'Reinstall with network access (npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD), or use tillpoint serve.',
      exitCodes.failure,
    );
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    throw new CliFailure(
      `The Electron binary is missing (${String(binary)}). Reinstall electron, or use tillpoint serve.`,
      exitCodes.failure,
    );
  }
  return binary;
}

/** `tillpoint start`: the desktop app (electron <appDir>); exits with Electron's exit code. */
export async function start(appDir: string): Promise<ExitCode | number> {
  const binary = electronBinary(appDir);
  const child = spawn(binary, [appDir], { stdio: 'inherit', env: process.env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', (error) =>
      reject(new CliFailure(`Could not start Electron: ${error.message}`, exitCodes.failure)),
    );
    child.once('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // null: Electron died from a signal
      resolve(code ?? exitCodes.failure);
    });
  });
}
