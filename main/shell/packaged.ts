import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * In a packaged app, native tools and models live in `resources/app.asar.unpacked` (see electron-builder.yml
 * asarUnpack) where ffmpeg and ONNX Runtime can read them, but `require.resolve` still names the path inside
 * app.asar. Point the engine's env overrides at the unpacked files; a variable the user set wins.
 */
export function packagedEnv(resourcesPath: string, env: NodeJS.ProcessEnv, exists: (p: string) => boolean = existsSync): Record<string, string> {
  const unpacked = path.join(resourcesPath, 'app.asar.unpacked', 'node_modules');
  const exe = process.platform === 'win32' ? '.exe' : '';
  const platformDir = `${process.platform}-${process.arch}`;
  const candidates: Record<string, string> = {
    A2S_FFMPEG: path.join(unpacked, '@ffmpeg-installer', platformDir, `ffmpeg${exe}`),
    A2S_FFPROBE: path.join(unpacked, '@ffprobe-installer', platformDir, `ffprobe${exe}`),
    A2S_VAD_MODEL: path.join(unpacked, '@ricky0123', 'vad-web', 'dist', 'silero_vad_v5.onnx'),
  };
  const out: Record<string, string> = {};
  for (const [name, file] of Object.entries(candidates)) {
    if (!env[name] && exists(file)) out[name] = file;
  }
  return out;
}
