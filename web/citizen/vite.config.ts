import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// Citizen app, served by the API server at / (web/dist/citizen).
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: { outDir: path.join(here, '../dist/citizen'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/readyz': 'http://localhost:8080', '/api': 'http://localhost:8080' } },
});
