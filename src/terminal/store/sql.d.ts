/**
 * Migrations are plain `.sql` files imported as text. esbuild (`loader: { '.sql': 'text' }`) and the Vitest
 * plugin in vitest.config.ts both turn them into a default-exported string, so they survive bundling.
 */
declare module '*.sql' {
  const text: string;
  export default text;
}
