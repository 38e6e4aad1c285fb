/** Vite's `?url` suffix: the import is the public URL of the file Vite copies into the build output. */
declare module '*?url' {
  const url: string;
  export default url;
}
