/** `tillpoint db check` lives in store/ (the only place that may open SQLite); re-exported for the CLI. */
export { checkDatabase, type DatabaseCheck } from './store/check-database.js';
