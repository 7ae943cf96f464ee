import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { firstScreenMessages } from './first-screen.ts';

const THEME_COLOUR = '#0b4f6c';

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
