import path from 'node:path';
import { startShell } from './app';

// Entry of dist/shell.cjs (package.json "main"); the bundle sits next to dist/renderer and dist/preload.cjs.
void startShell({ rendererDir: path.join(__dirname, 'renderer'), preloadPath: path.join(__dirname, 'preload.cjs') });
