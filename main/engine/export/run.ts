import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ExportRequest, ExportResult, LoudnessReport } from '../../contract/domains/export';
import type { ProjectDoc } from '../../contract/domains/project-doc';
import { EngineError } from '../core/errors';
import type { BextInfo } from '../media';
import { sweepStaleTemps } from '../core/stale-temps';
import { loadProject, makeFolder, resolveMedia, tempNameFor, writeFailure } from '../project';
import { measureLoudness, planLoudness } from './loudness';
import { dbToGain } from './mix';
import { muxVideo, muxContainer } from './mux';
import { Outbox } from './outbox';
import { allOutputs, outputNames, type OutputNames } from './names';
import { writeOtio } from './otio';
import { preparePlan, renderToFiles } from './render';
import { writeRpp, type RppTrack } from './rpp';
import { stemRegions } from './stem-regions';
import { timecodeSeconds, timeReferenceSamples } from './timecode';
import { exportRange, timelineItems, type TimelineItem } from './timeline';

export type ExportOptions = z.output<typeof ExportRequest>;

export interface ExportProgress {
  signal?: AbortSignal;
  progress(fraction: number, stage: string): void;
  throwIfCancelled(): void;
}

export interface PreparedExport {
  projectDir: string;
  doc: ProjectDoc;
  names: OutputNames;
  outputs: string[];
  existing: string[];
}

/** Load the project and name the outputs; cheap, so the dialog can ask about overwriting before the job starts. */
export async function prepareExport(o: ExportOptions): Promise<PreparedExport> {
  const { path: projectDir, doc } = await loadProject(o.projectPath);
  if (o.mux && !doc.video) throw new EngineError('bad-input', `project "${doc.name}" has no video to mux the mix into`, undefined, 'payload.mux');
  // Media that moved would only fail halfway through the job: say so now, naming the files.
  const needed = new Set(timelineItems(doc).map((i) => resolveMedia(projectDir, i.path)));
  if (o.mux && doc.video) needed.add(resolveMedia(projectDir, doc.video.path));
  const gone = [...needed].filter((f) => !existsSync(f));
  if (gone.length) throw new EngineError('not-found', `${gone.length} media file(s) of "${doc.name}" are missing: ${gone.join(', ')} — open the project and relink them`, { missing: gone });
  const names = outputNames(doc, o.outDir, o);
  const outputs = allOutputs(names);
  return { projectDir, doc, names, outputs, existing: outputs.filter((f) => existsSync(f)) };
}

/** Never overwrite without being told to (`force`); the error lists the files so the UI can ask. */
export function assertNoOverwrite(o: ExportOptions, pre: PreparedExport): void {
  if (pre.existing.length && !o.force) {
    throw new EngineError('bad-input', `export would overwrite ${pre.existing.length} file(s) in ${path.resolve(o.outDir)}: ${pre.existing.map((f) => path.basename(f)).join(', ')} — choose another folder or pass --force`, { existing: pre.existing });
  }
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** BWF description (256 bytes): what made the sound — bundle, seeds and condition clips of the takes in it. */
function describe(doc: ProjectDoc, what: string, items: readonly TimelineItem[]): string {
  const takes = items.filter((i) => i.take);
  const parts = [`Action2Sound Studio; project ${doc.name}; ${what}`];
  if (takes.length) {
    const uniq = (xs: string[]): string => [...new Set(xs)].join(',');
    parts.push(`bundle ${uniq(takes.map((t) => t.take!.bundleId))}`);
    parts.push(`seed ${uniq(takes.map((t) => String(t.take!.seed)))}`);
    parts.push(`condition ${uniq(takes.map((t) => (t.take!.condition ? path.basename(t.take!.condition) : 'auto')))}`);
  }
  return parts.join('; ');
}

/**
 * The whole export: stems + mix (BWF), optional loudness normalisation, mux, .rpp, .otio. All or nothing: every
 * file is written under a temp name and renamed into place at the end (Outbox).
 */
export async function runExport(o: ExportOptions, pre: PreparedExport, job: ExportProgress): Promise<ExportResult> {
  const outbox = new Outbox();
  try {
    const result = await writeAll(o, pre, job, outbox);
    job.throwIfCancelled();
    await outbox.commitAll();
    job.progress(1, 'done');
    return result;
  } catch (err) {
    await outbox.discardAll();
    throw err;
  }
}

async function writeAll(o: ExportOptions, pre: PreparedExport, job: ExportProgress, outbox: Outbox): Promise<ExportResult> {
  const { doc, projectDir, names } = pre;
  assertNoOverwrite(o, pre);
  await makeFolder(o.outDir);
  // An export killed earlier (kill -9, power cut) left its hidden temp files here; its process is gone, so they go.
  await sweepStaleTemps(path.resolve(o.outDir));
  const rate = o.rate;
  const items = timelineItems(doc);
  const range = exportRange(doc, items, o.range);
  if (!(range.end > range.start)) throw new EngineError('bad-input', `project "${doc.name}" has nothing to export: no video and no clips`);
  const hasLoudness = o.loudness !== undefined;
  const renderShare = hasLoudness ? 0.35 : 0.65;

  job.progress(0, 'decoding sources');
  const plan = await preparePlan(doc, projectDir, items, range, rate, job.signal, (d, n) => job.progress(0.2 * (d / Math.max(1, n)), `decoding ${d}/${n}`));
  job.throwIfCancelled();

  const timeReference = timeReferenceSamples(doc.video?.startTimecode, doc.video?.fps, range.start, rate);
  const format = o.bits === '32f' ? 'float32' : 'pcm24';
  const now = new Date().toISOString();
  const baseBext: BextInfo = {
    originator: 'Action2Sound Studio',
    originatorReference: `A2S${createHash('sha1').update(projectDir + doc.created).digest('hex').slice(0, 29)}`,
    originationDate: now.slice(0, 10),
    originationTime: now.slice(11, 19),
    timeReference,
  };

  let loudness: LoudnessReport | null = null;
  let gain = 1;
  if (hasLoudness) {
    // Pass 1: the mix alone to a temp float file, measured by ffmpeg's EBU R128 meter; one gain for everything.
    const probeFile = tempNameFor(path.join(path.resolve(o.outDir), 'loudness.wav'));
    try {
      await renderToFiles(plan, [{ which: 'mix', tmp: probeFile, file: probeFile, bext: baseBext }], { format: 'float32', gain: 1, throwIfCancelled: job.throwIfCancelled, onBlock: (f) => job.progress(0.2 + 0.3 * f, 'measuring loudness') });
      const plan1 = planLoudness(await measureLoudness(probeFile, job.signal), o.loudness!, o.truePeak);
      gain = dbToGain(plan1.gainDb);
      loudness = { ...plan1, measuredLufs: finite(plan1.measuredLufs), measuredTruePeakDb: finite(plan1.measuredTruePeakDb), resultLufs: null, resultTruePeakDb: null };
    } finally {
      await fs.rm(probeFile, { force: true });
    }
  }

  const itemsOf = (trackId: string): TimelineItem[] => items.filter((i) => i.trackId === trackId);
  const mixBext: BextInfo = { ...baseBext, description: describe(doc, 'mix', items) };
  if (loudness && loudness.measuredLufs !== null) mixBext.loudness = { integratedLufs: loudness.measuredLufs + loudness.gainDb, truePeakDb: (loudness.measuredTruePeakDb ?? -Infinity) + loudness.gainDb };
  const targets = [
    ...plan.tracks.map((t, k) => ({ which: k, file: names.stems[k]!.file, bext: { ...baseBext, description: describe(doc, `track ${t.track.name} (${t.track.kind})`, itemsOf(t.track.id)) } })),
    { which: 'mix' as const, file: names.mix, bext: mixBext },
  ].map((t) => ({ ...t, tmp: outbox.temp(t.file) }));
  const tmpOf = new Map(targets.map((t) => [t.file, t.tmp]));
  const renderFrom = hasLoudness ? 0.5 : 0.2;
  await renderToFiles(plan, targets, { format, gain, throwIfCancelled: job.throwIfCancelled, onBlock: (f) => job.progress(renderFrom + renderShare * f, 'rendering stems') });

  if (loudness) {
    const after = await measureLoudness(tmpOf.get(names.mix)!, job.signal);
    loudness.resultLufs = finite(after.integratedLufs);
    loudness.resultTruePeakDb = finite(after.truePeakDb);
  }

  if (names.video && doc.video) {
    job.progress(0.87, 'muxing video');
    const video = resolveMedia(projectDir, doc.video.path);
    if (!existsSync(video)) throw new EngineError('not-found', `the project's video is missing: ${video} — open the project and relink it`, { file: video });
    await muxVideo({
      video,
      mix: tmpOf.get(names.mix)!,
      stems: o.muxStems ? names.stems.map((s) => ({ path: tmpOf.get(s.file)!, title: s.track })) : [],
      out: outbox.temp(names.video),
      format: muxContainer(doc.video.path, o.muxAudio).format,
      audio: o.muxAudio,
      audioOffset: range.start,
      timecode: doc.video.startTimecode,
      signal: job.signal,
    });
  }

  if (names.rpp || names.otio) {
    job.progress(0.97, 'writing interchange files');
    const tracks = interchangeTracks(doc, names, items, range);
    // The picture: the exported video beside them when there is one, else the project's (not in the folder).
    const videoFile = names.video ? path.basename(names.video) : doc.video ? resolveMedia(projectDir, doc.video.path) : null;
    const tcSeconds = doc.video?.startTimecode ? timecodeSeconds(doc.video.startTimecode, doc.video.fps) : null;
    if (names.rpp) await writeText(outbox.temp(names.rpp), names.rpp, writeRpp({ doc, rate, videoFile, tracks, markers: doc.markers, startSeconds: tcSeconds ?? 0 }));
    if (names.otio) {
      const tcFrames = tcSeconds !== null && doc.video ? Math.round(tcSeconds * (doc.video.fps.num / doc.video.fps.den)) : null;
      await writeText(outbox.temp(names.otio), names.otio, writeOtio({ doc, rate, videoFile, tracks, markers: doc.markers, timecodeFrames: tcFrames }));
    }
  }
  return {
    stems: names.stems.map((s) => ({ track: s.track, trackId: s.trackId, path: s.file, seconds: plan.frames / rate })),
    mix: names.mix,
    video: names.video,
    rpp: names.rpp,
    otio: names.otio,
    rate,
    bits: o.bits,
    frames: plan.frames,
    timeReference,
    loudness,
  };
}

async function writeText(tmp: string, file: string, text: string): Promise<void> {
  await fs.writeFile(tmp, text).catch((err: unknown) => {
    throw writeFailure(file, err);
  });
}

/**
 * Tracks for the .rpp/.otio: each track's items as stretches of its exported stem, referenced by file name relative
 * to the interchange file (the folder can move). Stems are post-fader, so the tracks carry no gain of their own.
 */
function interchangeTracks(doc: ProjectDoc, names: OutputNames, items: readonly TimelineItem[], range: { start: number; end: number }): RppTrack[] {
  return doc.tracks.map((t, k) => ({
    id: t.id,
    name: t.name,
    gainDb: 0,
    mute: t.mute,
    solo: t.solo,
    items: stemRegions(items.filter((i) => i.trackId === t.id), range).map((r, j) => ({
      item: { id: `${t.id}#${j + 1}`, trackId: t.id, kind: 'clip' as const, path: names.stems[k]!.file, name: r.name, start: r.start, duration: r.end - r.start, offset: r.start - range.start, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0 },
      file: path.basename(names.stems[k]!.file),
      segments: [{ position: r.start, length: r.end - r.start, sourceOffset: r.start - range.start, fadeIn: 0, fadeOut: 0, fadeInShape: 'linear' as const, fadeOutShape: 'linear' as const, repeat: 0 }],
    })),
  }));
}
