/** MediaInfo and its parts are defined (zod) in the contract, so the UI and the engine share one shape. */
export type { MediaInfo, VideoStreamInfo, AudioStreamInfo } from '../../contract/domains/media';

export interface AudioBuffer {
  rate: number;
  channels: Float32Array[];
}
