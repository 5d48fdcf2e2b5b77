import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The console is served by the gateway at /console; `npm run dev` proxies the API to a local gateway.
const gateway = process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8080';

const FRAMEWORK = /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|@tanstack[\\/][^\\/]+|openapi-fetch)[\\/]/;
const UI = /node_modules[\\/](antd|@ant-design[\\/][^\\/]+|@rc-component[\\/][^\\/]+|rc-[^\\/]+|dayjs|@babel[\\/]runtime|classnames|clsx|throttle-debounce|scroll-into-view-if-needed|compute-scroll-into-view|stylis|@emotion[\\/][^\\/]+)[\\/]/;

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    // Straight into the Maven module's classes: the gateway serves them from the classpath.
    outDir: 'target/classes/io/switchboard/console',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 500,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The libraries get chunks of their own: they change less often than the console's code, so a
        // new console release keeps them cached.
        // Chunk groups may cut import cycles of the libraries: keep module evaluation order exact.
        strictExecutionOrder: true,
        codeSplitting: {
          groups: [
            { name: 'framework', test: FRAMEWORK, priority: 20 },
            // antd is imported through its barrel, so every screen's components land here, split
            // into chunks under the size limit; the screens' own chunks stay small.
            { name: 'ui', test: UI, priority: 10, maxSize: 400 * 1024 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/admin/v1': gateway,
      '/openapi.yaml': gateway,
      '/chat': gateway,
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
