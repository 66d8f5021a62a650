import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The editor (src/editor) is served from index.html; public/ (examples included) is served as is.
export default defineConfig({
  plugins: [react()],
  publicDir: 'public',
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
});
