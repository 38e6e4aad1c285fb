/**
 * What every service is handed to log with. A plain `(line, details?) => void` is enough (tests pass one);
 * the leveled logger of the Node processes (src/terminal/log/logger.ts) also has one function per level, and
 * the call sites that decide something a support engineer needs (errors, payments, sync) pick one with
 * `logAt`. A plain call logs at info, or at warn when `details` is an Error.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (line: string, details?: unknown) => void;
export type Log = LogFn & Partial<Readonly<Record<LogLevel, LogFn>>>;

/** The function for one level, or the plain function when the logger has no levels. */
export const logAt = (log: Log, level: LogLevel): LogFn => log[level] ?? log;
