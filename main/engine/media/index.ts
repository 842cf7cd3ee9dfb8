/**
 * The media engine (issue 3): everything that touches ffmpeg or audio files. Other domains import from here only.
 * Media time 0 is the container's start; every time is seconds from it. Errors are EngineErrors naming the file.
 */
export type { MediaInfo, VideoStreamInfo, AudioStreamInfo, AudioBuffer } from './types';
export { findTools, type MediaTools } from './tools';
export { probe, MAX_PIXELS } from './probe';
export { decodeAudio, type DecodeAudioOptions } from './audio';
export { decodeFrames, decodeFrameWindows, type DecodeFramesOptions, type DecodedFrames, type DecodedLuma } from './frames';
export { writeWav, readWav, type WriteWavOptions, type WavData, type BextInfo, type WavFormat, type WavReadFormat } from './wav';
export { wavHeader, parseWavHeader } from './wav-format';
export { loudness, type Loudness } from './loudness';
export { peaks, PEAK_BASE, type Peaks, type PeaksOptions } from './peaks';
export { thumbnails, type Thumbnails, type ThumbnailOptions } from './thumbnails';
export { makeProxy, proxyPathFor, FRAMES_PROXY_HEIGHT, type ProxyKind, type ProxyOptions } from './proxy';
export { framesSource, wantsFramesProxy, PROXY_ABOVE, type FramesSource, type FramesSourceOptions } from './frames-source';
export { contentKey } from './hash';
export { framesToTensor } from './tensor';
