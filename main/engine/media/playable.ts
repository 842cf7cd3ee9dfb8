/** Whether Chromium/Electron's <video> plays a stream as is; otherwise the app makes a proxy (issue 3). */
export function playableInChromium(container: string, codec: string, pixFmt: string, interlaced: boolean, profile: string): boolean {
  const fmt = container.toLowerCase();
  const okContainer = /mp4|mov|matroska|webm|ogg/.test(fmt);
  // 8-bit 4:2:0 only: 10-bit and 4:2:2 H.264 do not decode in Chromium; HEVC depends on the platform, so proxy it.
  const okPix = pixFmt === 'yuv420p' || pixFmt === 'yuvj420p';
  const okCodec = codec === 'h264' ? !/High 10|High 4:2:2|High 4:4:4/i.test(profile) : ['vp8', 'vp9', 'av1', 'theora'].includes(codec);
  return okContainer && okPix && okCodec && !interlaced;
}
