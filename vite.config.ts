import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { kazakhstanOutline } from './db/seed/kazakhstan-outline.ts';

/**
 * `virtual:kazakhstan-outline`: Kazakhstan's border from world-atlas, cut out at build time so
 * the map draws the country with no tile server at all (HQ may be offline). About 25 KB.
 */
function kazakhstanOutlinePlugin(): Plugin {
  const id = 'virtual:kazakhstan-outline';
  const resolved = `\0${id}`;
  return {
    name: 'baqylau-kazakhstan-outline',
    resolveId: (source) => (source === id ? resolved : null),
    load(source) {
      if (source !== resolved) return null;
      const outline = kazakhstanOutline();
      const round = (n: number) => Math.round(n * 1000) / 1000;
      const coordinates = outline.coordinates.map((polygon) =>
        polygon.map((ring) => ring.map(([lng, lat]) => [round(lng!), round(lat!)])),
      );
      return `export default ${JSON.stringify({ type: 'MultiPolygon', coordinates })};`;
    },
  };
}

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'web',
  plugins: [react(), kazakhstanOutlinePlugin()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // zod ships comments Rollup cannot place; they are harmless and would drown real warnings.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
