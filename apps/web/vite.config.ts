/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fromRoot = (path: string) => `${repoRoot}${path}`;

export default defineConfig({
  root: fromRoot('apps/web'),
  plugins: [vue()],
  resolve: {
    alias: [
      // A string alias would also catch `@kipux/contracts/testing` (specs only), so both are matched exactly.
      { find: /^@kipux\/contracts$/, replacement: fromRoot('libs/shared/contracts/src/index.ts') },
      { find: /^@kipux\/contracts\/testing$/, replacement: fromRoot('libs/shared/contracts/src/testing/index.ts') },
      // Every web library exposes one entry point: @kipux/web/<name> → libs/web/<name>/src/index.ts
      { find: /^@kipux\/web\/([\w-]+)$/, replacement: fromRoot('libs/web/$1/src/index.ts') },
    ],
  },
  define: {
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  build: {
    outDir: fromRoot('dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/v1': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  test: {
    root: repoRoot,
    environment: 'jsdom',
    include: ['apps/web/src/**/*.spec.ts', 'libs/web/**/*.spec.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
