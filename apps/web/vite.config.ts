import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs separately (`npm start`); the dev server forwards /v1 to it.
const api = process.env.YINBAO_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/v1': { target: api, changeOrigin: false } } },
  build: {
    outDir: process.env.YINBAO_WEB_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    // Hashed file names under assets/ are what the server caches for a year.
    assetsDir: 'assets',
  },
});
