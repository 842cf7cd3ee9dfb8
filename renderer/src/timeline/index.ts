/** The headless timeline model: pure TypeScript over the shared ProjectDoc schema (no React, no audio). */
export * from './doc';
export * from './errors';
export * from './time';
export * from './intervals';
export * from './tracks';
export * from './spans';
export * from './clips';
export * from './onsets';
export * from './history';
export * from './serialize';
export * from './store';
