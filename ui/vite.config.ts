/// <reference types="vitest/config" />
// The UI is loaded by the Tauri window from `dist/` (relative paths: `base: './'`) under a
// strict Content-Security-Policy, so nothing here may fetch from the network at run time.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: './',
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // ECharts (core, four chart kinds, SVG renderer) is one ~630 kB chunk, loaded with the
    // first chart; the start-up chunk is React and the studio (~290 kB).
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
  },
});
