import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MissingMedia } from '../../contract/domains/project';
import { ProjectDoc, type Track } from '../../contract/domains/project-doc';
import { EngineError } from '../core/errors';
import { writeFileAtomic } from './atomic';
import { findMissing } from './media-refs';
import { probeVideo } from './probe-video';

export const PROJECT_FILE = 'project.json';
export const BACKUP_FILE = 'project.json.bak';
export const RENDERS_DIR = 'renders';

export interface OpenedProject {
  path: string;
  doc: ProjectDoc;
  missing: MissingMedia[];
  warnings: string[];
}

/** Accepts the `NAME.a2s` folder or its project.json; returns the absolute folder. */
export function projectDirOf(p: string): string {
  const abs = path.resolve(p);
  return path.basename(abs) === PROJECT_FILE ? path.dirname(abs) : abs;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what a folder name must not contain
const BAD_NAME = /[/\\:*?"<>|\u0000-\u001f]/;

export async function createProject(dir: string, name: string, video?: string): Promise<OpenedProject> {
  const clean = name.trim().replace(/\.a2s$/i, '');
  if (!clean || BAD_NAME.test(clean) || clean.startsWith('.')) {
    throw new EngineError('bad-input', `project name "${name}" cannot be a folder name (no / \\ : * ? " < > |, no leading dot)`, undefined, 'payload.name');
  }
  // Probe first: a bad video must not leave an empty project folder behind.
  const videoRef = video ? await probeVideo(path.resolve(video)) : null;
  const folder = path.join(path.resolve(dir), `${clean}.a2s`);
  await fs.mkdir(path.dirname(folder), { recursive: true });
  try {
    await fs.mkdir(folder); // not recursive: fails if it exists, so two creators cannot share a folder
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new EngineError('bad-input', `"${folder}" already exists; open it or choose another name`, { path: folder });
    throw err;
  }
  await fs.mkdir(path.join(folder, RENDERS_DIR));
  const now = new Date().toISOString();
  const tracks: Track[] = [
    { id: 'action-1', kind: 'action', name: 'Action', gainDb: 0, mute: false, solo: false },
    { id: 'ambient-1', kind: 'ambient', name: 'Ambience', gainDb: 0, mute: false, solo: false },
  ];
  const doc = ProjectDoc.parse({ format: 'a2s-project/1', name: clean, created: now, modified: now, video: videoRef, tracks, clips: [] });
  if (videoRef?.hasAudio) {
    // The original sound is a track like any other, muted by default (docs/DESIGN.md §1.4).
    doc.tracks.unshift({ id: 'original', kind: 'original', name: 'Original', gainDb: 0, mute: true, solo: false });
    doc.clips.push({ id: 'original-audio', trackId: 'original', source: { path: videoRef.path, sha256: videoRef.sha256 }, start: 0, duration: videoRef.duration, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0.5, label: 'Original sound' });
  }
  await writeFileAtomic(path.join(folder, PROJECT_FILE), JSON.stringify(doc, null, 2) + '\n');
  return { path: folder, doc, missing: [], warnings: [] };
}

type Parsed = { ok: true; doc: ProjectDoc } | { ok: false; reason: string };

async function readDoc(file: string): Promise<Parsed> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})` };
  }
  const fmt = (json as { format?: unknown } | null)?.format;
  if (typeof fmt === 'string' && fmt !== 'a2s-project/1') return { ok: false, reason: `format "${fmt}" is not a2s-project/1 (made by a newer version?)` };
  const res = ProjectDoc.safeParse(json);
  if (!res.success) {
    const issue = res.error.issues[0];
    return { ok: false, reason: `field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, doc: res.data };
}

/** Open a project; a damaged project.json falls back to project.json.bak (with a warning), media that moved is listed. */
export async function loadProject(p: string): Promise<OpenedProject> {
  const folder = projectDirOf(p);
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) throw new EngineError('not-found', `no project folder at "${folder}"`, { path: folder });
  const main = await readDoc(path.join(folder, PROJECT_FILE));
  const warnings: string[] = [];
  let doc: ProjectDoc;
  if (main.ok) {
    doc = main.doc;
  } else {
    const bak = await readDoc(path.join(folder, BACKUP_FILE));
    if (!bak.ok) throw new EngineError('bad-input', `cannot open "${path.join(folder, PROJECT_FILE)}": ${main.reason} (and the backup: ${bak.reason})`, { path: folder });
    doc = bak.doc;
    warnings.push(`${PROJECT_FILE} could not be read (${main.reason}); opened ${BACKUP_FILE} from ${doc.modified}`);
  }
  return { path: folder, doc, missing: findMissing(folder, doc), warnings };
}

const saving = new Map<string, Promise<unknown>>();

/**
 * Save atomically: the current project.json (if it is valid JSON) becomes project.json.bak, then the new document
 * replaces project.json by temp + fsync + rename. Saves of one project in this process run one after another.
 */
export async function saveProject(p: string, input: ProjectDoc): Promise<{ path: string; modified: string }> {
  const folder = projectDirOf(p);
  const previous = saving.get(folder) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => saveNow(folder, input));
  saving.set(folder, next);
  try {
    return await next;
  } finally {
    if (saving.get(folder) === next) saving.delete(folder);
  }
}

async function saveNow(folder: string, input: ProjectDoc): Promise<{ path: string; modified: string }> {
  const modified = new Date().toISOString();
  const doc = ProjectDoc.parse({ ...input, modified });
  await fs.mkdir(path.join(folder, RENDERS_DIR), { recursive: true }); // save-as into a new folder
  const file = path.join(folder, PROJECT_FILE);
  const old = await fs.readFile(file).catch(() => null);
  if (old && isJson(old)) await writeFileAtomic(path.join(folder, BACKUP_FILE), old); // never back up a damaged file over a good backup
  await writeFileAtomic(file, JSON.stringify(doc, null, 2) + '\n');
  return { path: folder, modified };
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
