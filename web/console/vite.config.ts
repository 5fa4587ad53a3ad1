import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// Staff console, served by the API server under /console/ (web/dist/console).
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: { outDir: path.join(here, '../dist/console'), emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/readyz': 'http://localhost:8080', '/api': 'http://localhost:8080' } },
});
