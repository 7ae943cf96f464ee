import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const THEME_COLOUR = '#0b4f6c';

/** The sections of the interface's messages the sign-in page shows (it, its fields, errors and the roles of the demo accounts). */
const FIRST_SCREEN_MESSAGES = ['a11y', 'app', 'auth', 'common', 'errors', 'enum.role'];

/**
 * `virtual:first-screen-messages`: the Uzbek (Latin) messages of the sign-in page alone, a few hundred bytes of
 * the whole interface's 65 KB, so a first visit does not wait for the rest (src/i18n/index.ts loads it next).
 */
function firstScreenMessages(): Plugin {
  const id = 'virtual:first-screen-messages';
  const file = new URL('./src/i18n/locales/uz-Latn.json', import.meta.url);
  return {
    name: 'hamkor-first-screen-messages',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      this.addWatchFile(file.pathname);
      const all = JSON.parse(readFileSync(file, 'utf8'));
      const picked: Record<string, unknown> = {};
      for (const path of FIRST_SCREEN_MESSAGES) {
        const [section, key] = path.split('.') as [string, string | undefined];
        if (key === undefined) picked[section] = all[section];
        else picked[section] = { ...(picked[section] as object), [key]: all[section][key] };
      }
      return `export default ${JSON.stringify(picked)};`;
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    firstScreenMessages(),
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by main.tsx once the first screen is shown and the page is idle: the precache must
      // not compete with the sign-in form for a slow phone's bandwidth.
      injectRegister: null,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Hamkor',
        short_name: 'Hamkor',
        description: 'Case management for social work with families and children',
        lang: 'uz-Latn',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f7f9',
        theme_color: THEME_COLOUR,
        // PNGs for installers that take no SVG (Android's WebAPK needs 192 and 512), rendered once from the SVGs.
        icons: [
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: 'icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell is precached; API answers hold personal data and are never cached.
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
      },
    }),
    // Brotli and gzip copies beside each text file, served by the server to clients that accept them
    // (the main script is about a third of its size in brotli), so nothing is compressed per request.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
  ],
  server: {
    proxy: { '/api': process.env.HAMKOR_API_URL ?? 'http://127.0.0.1:3000' },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Everything the first screen needs in one file. Split into the small shared chunks the bundler makes by
        // default (nine files), a slow phone waited a round trip of 400 ms for each beyond its six connections:
        // the sign-in form came 0.6 s later. What loads later (pages, charts, languages) stays in its own chunks.
        codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] },
      },
    },
  },
});
