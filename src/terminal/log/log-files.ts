/** The log files of a folder are `<source>.<n>.log` (pino-roll's numbering); the diagnostics archive takes them. */
export const LOG_FILE_EXTENSION = '.log';
