/**
 * The inference engine (issue 4): model bundles on ONNX Runtime, samplers, the generation pipeline and its worker.
 * Other domains import from here only.
 */
export { embedAudio, embedVideoSpan, openAudioEmbedder, type AudioEmbedder } from './embed';
export { Backend, sessionsCreated, type BackendOptions, type GraphSession, type Feed, type Int64Feed, type InputFeed, type ProviderName } from './backend';
export { openVad, sileroModelPath, VAD_FRAME, type VadSession } from './vad';
export { loadBundle, readManifest, makeBundle, hasTimingHead, hasMotionTiming, type Bundle } from './bundle/load';
export { listBundles, activeBundleInfo, describeBundle, resolveBundle, selectBundle, type BundleInfo } from './bundle/registry';
export { BUNDLE_FORMAT, type GraphKey, type Manifest, type PoolEntry } from './bundle/manifest';
export { manifestHash } from './bundle/overlay';
export { openRuntime, closeRuntimes, activeBundle, type Runtime } from './runtime';
// The generation worker and what the generate handler records about the condition it chose.
export { createRunner, inProcessRunner, runnerFor, useRunner, workerRunner, type InferenceRunner } from './runner';
export type { Target } from './protocol';
export { conditionSourceOf, recordInSidecars, type RetrievedClip } from './provenance';
export { resample } from './resample';
export { parseChildrenSec, parseCpuTimes } from './cpu-load';
// Building blocks other domains use (eval runs the shipped pipeline stage by stage).
export { windowFrames, windowInputs, spanFrames, spanInputs, normaliseFrames, lumaToFloat } from './frames';
export { loadConditionWave, type Retrieval, type Retrieved } from './condition';
export { readPool } from './pool';
export { encodeVideo, encodeMotion, encodeCondition, concatContext, sampleLatents, decodeLatents, envelopeFrames, envelopeHop } from './stages';
export { seededLatents, Pcg32 } from './rng';
export { runGenerate, runOnsets } from './pipeline';
export { planWindows, joinWindows, renderEnvelope, envelopePeaks, ONSET_THRESHOLD } from './windows';
export { envelopeToOnsets, impulseEnvelope, pickOnsets, spanTiming } from './timing';
