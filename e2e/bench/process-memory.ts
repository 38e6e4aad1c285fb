/**
 * Which processes' memory the cold-start bench counts, read from Linux's /proc.
 *
 * PSS (proportional set size) splits each shared page between the processes mapping it, so the Chromium
 * binary's code, which every Chromium process maps, is not counted once per process.
 *
 * The renderer of a page is found among the processes of *our* browser (the descendants of this Node
 * process), not among every `--type=renderer` on the machine: other test runs on the same machine start
 * their own Chromiums, and their renderers are not ours. A renderer with `--top-chrome-webui` is
 * Chromium's own browser UI (headless Chromium 156 preloads the omnibox popup as a WebUI page in its own
 * renderer for every new window); it is not the page and an Electron window has none, so it is reported
 * apart. Chromium's spare renderer (started ahead of the next navigation) is counted with the page: a
 * browser showing the cashier keeps one too.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Proportional set size of a process, in bytes (Linux); 0 once it has exited. */
export function pss(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every process below `root` (children, their children ...). */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    // the command name in parentheses may hold spaces; the parent's pid is the 2nd field after it
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(parent)) parentOf.set(Number(entry), parent);
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

export interface Renderers {
  /** renderers that show pages (and the spare one) */
  readonly page: readonly number[];
  /** Chromium's own browser UI (`--top-chrome-webui`: the omnibox popup) */
  readonly browserUi: readonly number[];
}

/** The renderer processes of the Chromium this Node process launched. */
export function ourRenderers(): Renderers {
  const page: number[] = [];
  const browserUi: number[] = [];
  for (const pid of descendants(process.pid)) {
    // a zygote child rewrites its command line into one string: match the flags as words
    const cmdline = read(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
    if (!cmdline.includes('--type=renderer')) continue;
    (cmdline.includes('--top-chrome-webui') ? browserUi : page).push(pid);
  }
  return { page, browserUi };
}

/**
 * How the bench counted before (kept to compare with): every `--type=renderer` process on the machine,
 * whoever started it.
 */
export function everyRendererOnTheMachine(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => read(`/proc/${d}/cmdline`).includes('--type=renderer'))
    .map(Number);
}

/** A snapshot of the renderers before a page opens; `since` answers what that page added, by account. */
export function rendererBaseline() {
  const ours = ourRenderers();
  const before = {
    page: new Set(ours.page),
    browserUi: new Set(ours.browserUi),
    machine: new Set(everyRendererOnTheMachine()),
  };
  return {
    since() {
      const now = ourRenderers();
      const sum = (pids: readonly number[]) => pids.reduce((acc, p) => acc + pss(p), 0);
      return {
        page: sum(now.page.filter((p) => !before.page.has(p))),
        browserUi: sum(now.browserUi.filter((p) => !before.browserUi.has(p))),
        machine: sum(everyRendererOnTheMachine().filter((p) => !before.machine.has(p))),
      };
    },
  };
}
