/** pino-roll ships no types; the part of its options Tillpoint uses (https://github.com/mcollina/pino-roll). */
declare module 'pino-roll' {
  import type { SonicBoom, SonicBoomOpts } from 'sonic-boom';
  interface PinoRollOptions extends Omit<SonicBoomOpts, 'dest' | 'fd'> {
    /** base path; the files are `<file>.<n><extension>` */
    file: string;
    /** rotate past this size: a number of MB, or '10m', '500k' */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    /** keep this many files besides the current one */
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    symlink?: boolean;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<SonicBoom>;
}
