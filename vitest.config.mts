import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'renderer/src/**/*.test.ts', 'renderer/src/**/*.test.tsx', 'preload/**/*.test.ts', 'tests/**/*.test.ts'],
    // Hang guards, not speed limits: a loaded 2-core machine is slow, not wrong (speed is `npm run bench`).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    expect: { poll: { timeout: 30_000 } },
    // Two cores: files run in parallel two at a time; heavy suites (e2e, inference) mark themselves sequential.
    maxWorkers: 2,
    pool: 'forks',
  },
});
