/** What `probe` reports; times are seconds, `startTime` is the container's start offset (media time 0). */
export interface VideoStreamInfo {
  codec: string;
  /** Nominal rate as a rational (the average rate for variable-frame-rate files). */
  fps: { num: number; den: number };
  avgFps: number;
  /** Heuristic: the container's base rate and average rate disagree. */
  vfr: boolean;
  /** Coded size (before rotation). */
  width: number;
  height: number;
  /** Clockwise degrees the picture is rotated for display: 0, 90, 180 or 270. ffmpeg applies it when decoding. */
  rotation: number;
  frameCount: number | null;
  pixFmt: string;
  playableInChromium: boolean;
  /** Stream start relative to media time 0. */
  startTime: number;
  interlaced: boolean;
  bitDepth: number;
}

export interface AudioStreamInfo {
  codec: string;
  sampleRate: number;
  channels: number;
  /** Stream start relative to media time 0. */
  startTime: number;
}

export interface MediaInfo {
  path: string;
  container: string;
  duration: number;
  startTime: number;
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo[];
  sizeBytes: number;
}

export interface AudioBuffer {
  rate: number;
  channels: Float32Array[];
}
