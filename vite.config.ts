import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/**
 * Emits `sw.js` from `web/sw.js` with the list of built files to precache and a version, so the
 * installed app opens offline and a new build replaces the old cache.
 */
function serviceWorkerPlugin(): Plugin {
  return {
    name: 'baqylau-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const precache = ['/', '/index.html', ...files.filter((f) => f !== 'index.html').map((f) => `/${f}`)];
      const version = createHash('sha256').update(files.sort().join('|')).digest('hex').slice(0, 12);
      const source = readFileSync(new URL('./web/sw.js', import.meta.url), 'utf8')
        .replace('__VERSION__', version)
        .replace('__PRECACHE__', JSON.stringify(precache));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'web',
  plugins: [react(), kazakhstanOutlinePlugin(), serviceWorkerPlugin()],
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
