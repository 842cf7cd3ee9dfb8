/**
 * The inference engine (issue 4): model bundles on ONNX Runtime, samplers, the generation pipeline and its worker.
 * Other domains import from here only.
 */
export { embedAudio, embedVideoSpan } from './embed';
export { Backend, type BackendOptions, type GraphSession, type Feed, type ProviderName } from './backend';
export { loadBundle, readManifest, makeBundle, hasTimingHead, type Bundle } from './bundle/load';
export { listBundles, activeBundleInfo, resolveBundle, selectBundle, type BundleInfo } from './bundle/registry';
export { BUNDLE_FORMAT, type Manifest, type PoolEntry } from './bundle/manifest';
export { openRuntime, closeRuntimes, activeBundle, type Runtime } from './runtime';
export { resample } from './resample';
