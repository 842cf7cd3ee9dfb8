// Adds AV-Sim audio embeddings to a bundle's conditions/pool.json. The embedding is the engine's own
// (main/engine/inference/pool-embed.ts, built into dist/pool-embed.cjs by `npm install` / `node scripts/build.mjs`),
// so the stored vectors are the ones `--ambient auto` would compute; no second copy of the maths lives here.
// usage: node models/scripts/pool_embed.mjs models/bundles/default
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node models/scripts/pool_embed.mjs BUNDLE_DIR');
const built = new URL('../../dist/pool-embed.cjs', import.meta.url);
if (!existsSync(built)) throw new Error('dist/pool-embed.cjs is missing: run `node scripts/build.mjs --node-only` first');
const { embedPool } = createRequire(import.meta.url)(built.pathname);
const r = await embedPool(dir);
console.log(`pool_embed: ${r.clips} embeddings of ${r.dims} dims -> ${r.file}`);
