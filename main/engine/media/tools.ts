import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError } from '../core/errors';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** e.g. "5.1.9-0+deb12u1" (runs `ffmpeg -version` once, when first read) */
  readonly version: string;
}

let cached: { key: string; tools: MediaTools } | null = null;

/** Bundled binaries for packaged builds; only present when the optional @ffmpeg-installer packages are installed. */
function bundled(pkg: string): string | null {
  try {
    const req = createRequire(__filename);
    const mod = req(pkg) as { path?: unknown };
    if (typeof mod.path !== 'string') return null;
    // Inside a packaged Electron app the binary is unpacked next to the asar archive (it cannot run from inside it).
    const p = mod.path.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function onPath(name: string): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function resolveOne(name: 'ffmpeg' | 'ffprobe'): string {
  const envName = name === 'ffmpeg' ? 'A2S_FFMPEG' : 'A2S_FFPROBE';
  const fromEnv = process.env[envName];
  if (fromEnv) {
    // An explicit setting that is wrong is an error, not a reason to silently use another binary.
    if (!existsSync(fromEnv)) {
      throw new EngineError('unavailable', `${name} not found at ${envName}=${fromEnv}: fix or unset ${envName}, or install ffmpeg (e.g. apt install ffmpeg)`, { tool: name });
    }
    return fromEnv;
  }
  // Packaged builds may ship @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe (the two npm packages).
  const packages = name === 'ffmpeg' ? ['@ffmpeg-installer/ffmpeg'] : ['@ffprobe-installer/ffprobe', '@ffmpeg-installer/ffprobe'];
  const found = packages.map(bundled).find((p) => p !== null) ?? onPath(name);
  if (!found) {
    throw new EngineError('unavailable', `${name} is not installed: install ffmpeg (e.g. apt install ffmpeg / brew install ffmpeg) or set ${envName} to its path`, { tool: name });
  }
  return found;
}

/** `ffmpeg -version` of a binary, once per path: only `media:tools` asks (a blocking spawn costs 0.1–0.3 s on a loaded machine). */
const versions = new Map<string, string>();

function versionOf(ffmpeg: string): string {
  const hit = versions.get(ffmpeg);
  if (hit) return hit;
  let version: string;
  try {
    const out = execFileSync(ffmpeg, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
    version = /ffmpeg version (\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch (err) {
    throw new EngineError('unavailable', `${ffmpeg} does not run (${(err as Error).message.split('\n')[0]}): reinstall ffmpeg or set A2S_FFMPEG`, { tool: 'ffmpeg' });
  }
  versions.set(ffmpeg, version);
  return version;
}

/**
 * ffmpeg/ffprobe discovery: A2S_FFMPEG/A2S_FFPROBE → bundled (@ffmpeg-installer) → PATH. Cached per environment so
 * tests that change the variables see the change. Throws an `unavailable` EngineError saying how to fix it.
 * Finding them runs nothing: `version` runs `ffmpeg -version` when first read (a binary that is found but does not
 * run fails there, or at its first use, where runTool says so). Every decode calls this, in every worker thread
 * of a process, so it must not block the event loop (issue 20: 0.27 s of a cold generation's worker).
 */
export function findTools(): MediaTools {
  const key = `${process.env.A2S_FFMPEG ?? ''}|${process.env.A2S_FFPROBE ?? ''}|${process.env.PATH ?? ''}`;
  if (cached && cached.key === key) return cached.tools;
  const ffmpeg = resolveOne('ffmpeg');
  const ffprobe = resolveOne('ffprobe');
  const tools: MediaTools = {
    ffmpeg,
    ffprobe,
    get version(): string {
      return versionOf(ffmpeg);
    },
  };
  cached = { key, tools };
  return tools;
}

/**
 * The path as ffmpeg should see it: absolute, so a relative name with a colon ("take:2.wav") is not read as a
 * protocol ("take:") and a leading "-" is not read as an option.
 */
export function ffInput(file: string): string {
  return path.resolve(file);
}
