import { spawn } from 'node:child_process';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';
import { findElectronBinary } from './electron-binary.js';

/**
 * `tillpoint start`: the desktop app (electron <appDir>); exits with Electron's exit code. `--kiosk` opens
 * the self-service kiosk window instead of the cashier's (the app reads TILLPOINT_KIOSK=1).
 */
export async function start(appDir: string, opts: { kiosk?: boolean } = {}): Promise<ExitCode | number> {
  const lookup = findElectronBinary(appDir);
  if (!lookup.found) {
    throw new CliFailure(
      `The Electron binary is missing: ${lookup.reason}. Reinstall with network access ` +
        '(npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD), or run the till in a browser with tillpoint serve.',
      exitCodes.failure,
    );
  }
  const env = opts.kiosk === true ? { ...process.env, TILLPOINT_KIOSK: '1' } : process.env;
  const child = spawn(lookup.binary, [appDir], { stdio: 'inherit', env });
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
