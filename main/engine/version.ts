/** Injected by the build (esbuild `define`); falls back for tests that run from source. */
declare const __A2S_VERSION__: string | undefined;

export const APP_NAME = 'Action2Sound Studio';
export const APP_VERSION: string = typeof __A2S_VERSION__ === 'string' ? __A2S_VERSION__ : '0.0.0-dev';
