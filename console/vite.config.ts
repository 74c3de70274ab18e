import { defineConfig } from 'vite';

// The console is served by the control plane at /console/ (same origin as the API). During
// `npm run dev`, Vite serves it and passes /api to a control plane on 127.0.0.1:8080.
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // no inline <script> or data: module: the page's CSP allows the site's own files only
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
