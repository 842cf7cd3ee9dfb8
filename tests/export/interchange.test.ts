import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../main/contract/domains/export';
import { Engine } from '../../main/engine/host';
import { writeWav } from '../../main/engine/media';
import { createProject, saveProject } from '../../main/engine/project';
import { tmpDir } from '../project/helpers';
import { exportJob, makeFixture, type Fixture } from './fixture';
import { validateOtio } from './otio-schema';
import { attr, parseRpp, type RppNode } from './rpp-reader';

type Obj = Record<string, unknown> & { children?: Obj[] };

describe('export: REAPER .rpp and OpenTimelineIO', () => {
  const root = tmpDir('interchange');
  const engine = new Engine({ dataDir: path.join(root, 'data') });
  let fx: Fixture;
  let res: ExportResult;

  beforeAll(async () => {
    fx = await makeFixture(root, 'Kitchen');
    res = await exportJob(engine, { projectPath: fx.projectDir, outDir: path.join(root, 'out'), rpp: true, otio: true });
  });

  it('writes a .rpp that parses, with tracks, items named as the timeline shows them on the exported stems, and markers', () => {
    const rpp = parseRpp(readFileSync(res.rpp!, 'utf8'));
    expect(rpp.tag).toBe('REAPER_PROJECT');
    expect(attr(rpp, 'SAMPLERATE')?.[0]).toBe('48000');
    expect(attr(rpp, 'PROJOFFS')?.[0]).toBe('3600'); // ruler starts at the video's 01:00:00:00
    expect(rpp.attrs.filter((a) => a.name === 'MARKER').map((a) => [Number(a.args[1]), a.args[2]])).toEqual([[0.5, 'door'], [1.2, 'step']]);
    const tracks = rpp.children.filter((c) => c.tag === 'TRACK');
    expect(tracks.map((t) => attr(t, 'NAME')?.[0])).toEqual(['Video', 'Original', 'Action', 'Ambience']);
    const items = (t: RppNode) => t.children.filter((c) => c.tag === 'ITEM');
    const src = (i: RppNode) => i.children.find((c) => c.tag === 'SOURCE')!;
    const num = (i: RppNode, name: string, k = 0) => Number(attr(i, name)![k]);

    expect(attr(tracks[1]!, 'MUTESOLO')![0]).toBe('1'); // the original sound is muted
    // Every item plays its track's exported stem, named relative to the .rpp: the folder is self-contained.
    const [original] = items(tracks[1]!);
    expect([src(original!).args[0], attr(src(original!), 'FILE')![0]]).toEqual(['WAVE', 'Kitchen_01_Original.wav']);
    expect(attr(original!, 'NAME')![0]).toBe('Original sound');

    // Stems are post-fader: items and tracks at unity, no fades of their own (the stem has them).
    const action = items(tracks[2]!);
    expect(action.map((i) => [num(i, 'POSITION'), num(i, 'LENGTH'), num(i, 'SOFFS')])).toEqual([[0.5, 0.5, 0.5], [1.2, 0.5, 1.2]]);
    const [take, click] = action as [RppNode, RppNode];
    expect(attr(src(take), 'FILE')![0]).toBe('Kitchen_02_Action.wav');
    expect(attr(take, 'NAME')![0]).toBe('Span 1 · take 1 · seed 1234'); // as the timeline says it, not "span1 take take1"
    expect([num(take, 'VOLPAN'), num(tracks[2]!, 'VOLPAN'), num(take, 'FADEIN', 1), num(take, 'FADEOUT', 1)]).toEqual([1, 1, 0, 0]);
    expect(attr(click, 'NAME')![0]).toBe('click "hit"'); // a quote in a name survives (REAPER's alternate quoting)

    // The 0.3 s bed looped over 1.5 s: one stretch of the ambience stem (its repeats and crossfades are in the stem).
    const bed = items(tracks[3]!);
    expect(bed.map((i) => [num(i, 'POSITION'), num(i, 'LENGTH'), num(i, 'SOFFS'), attr(i, 'NAME')![0]])).toEqual([[0.1, 1.5, 0.1, 'bed']]);
    expect(attr(src(bed[0]!), 'FILE')![0]).toBe('Kitchen_03_Ambience.wav');
    for (const t of tracks.slice(1)) for (const i of items(t)) expect(existsSync(path.join(path.dirname(res.rpp!), attr(src(i), 'FILE')![0]!))).toBe(true);
  });

  it('writes an .otio that validates against the OTIO schema and has the same clips and markers', () => {
    const otio = JSON.parse(readFileSync(res.otio!, 'utf8')) as Obj;
    expect(validateOtio(otio)).toEqual([]);
    expect(otio.global_start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate: 25, value: 90000 }); // 01:00:00:00
    const stack = otio.tracks as Obj;
    const tracks = stack.children!;
    expect(tracks.map((t) => [t.name, t.kind])).toEqual([['Video', 'Video'], ['Original', 'Audio'], ['Action', 'Audio'], ['Ambience', 'Audio']]);
    const shape = (t: Obj) => t.children!.map((c) => {
      const r = c.source_range as { start_time: { value: number }; duration: { value: number } } | undefined;
      return c.OTIO_SCHEMA === 'Transition.1' ? ['T', (c.in_offset as { value: number }).value] : [c.OTIO_SCHEMA, r!.start_time.value, r!.duration.value];
    });
    // Action: gap to 0.5 s, the take (0.5 s of the action stem from 0.5 s), gap to 1.2 s, the click
    expect(shape(tracks[2]!)).toEqual([['Gap.1', 0, 24000], ['Clip.2', 24000, 24000], ['Gap.1', 0, 9600], ['Clip.2', 57600, 24000]]);
    const takeClip = tracks[2]!.children![1]!;
    expect(takeClip.name).toBe('Span 1 · take 1 · seed 1234');
    // The stem beside the .otio, as a relative URL: the folder can move to another machine.
    expect((takeClip.media_references as Record<string, { target_url: string }>).DEFAULT_MEDIA!.target_url).toBe('Kitchen_02_Action.wav');
    // Ambience: the looped bed as one stretch of its stem, ending where it ends in the mix
    expect(shape(tracks[3]!)).toEqual([['Gap.1', 0, 4800], ['Clip.2', 4800, 72000]]);
    const markers = stack.markers as Obj[];
    expect(markers.map((m) => [m.name, (m.marked_range as { start_time: { value: number } }).start_time.value])).toEqual([['door', 24000], ['step', 57600]]);
  });

  it('with a muxed video, the picture is referenced beside the .rpp too: nothing points outside the folder', async () => {
    const muxed = await exportJob(engine, { projectPath: fx.projectDir, outDir: path.join(root, 'out-mux'), rpp: true, mux: true });
    const rpp = parseRpp(readFileSync(muxed.rpp!, 'utf8'));
    const files = rpp.children.filter((c) => c.tag === 'TRACK').flatMap((t) => t.children.filter((c) => c.tag === 'ITEM'))
      .map((i) => attr(i.children.find((c) => c.tag === 'SOURCE')!, 'FILE')![0]!);
    expect(files[0]).toBe(path.basename(muxed.video!));
    for (const f of files) expect(path.isAbsolute(f)).toBe(false);
  });

  it('the validator catches a broken file (it is not a rubber stamp)', () => {
    const otio = JSON.parse(readFileSync(res.otio!, 'utf8')) as Obj;
    const track = (otio.tracks as Obj).children![2]!;
    delete (track.children![1] as Obj).source_range;
    (track.children![0] as Obj).OTIO_SCHEMA = 'Clip.9';
    expect(validateOtio(otio).length).toBe(2);
  });
});

describe('export: a project without video, with moved media', () => {
  it('exports from 0 to the last item, no video track in the .rpp; missing media is refused up front, by name', async () => {
    const root = tmpDir('novideo');
    const engine = new Engine({ dataDir: path.join(root, 'data') });
    const { path: p, doc } = await createProject(root, 'Audio only');
    const wav = path.join(root, 'hit.wav');
    await writeWav(wav, { rate: 48000, channels: [new Float32Array(4800).fill(0.25)] }, { format: 'float32' });
    doc.clips.push({ id: 'hit', trackId: 'action-1', source: { path: wav }, start: 0.4, duration: 0.1, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0.5 });
    await saveProject(p, doc);
    const r = await exportJob(engine, { projectPath: p, outDir: path.join(root, 'out'), rpp: true });
    expect(r.frames).toBe(24000);
    expect(r.timeReference).toBe(0);
    const rpp = parseRpp(readFileSync(r.rpp!, 'utf8'));
    expect(rpp.children.filter((c) => c.tag === 'TRACK').map((t) => attr(t, 'NAME')![0])).toEqual(['Action', 'Ambience']);
    await expect(engine.call('export:start', { projectPath: p, outDir: path.join(root, 'out2'), mux: true })).rejects.toMatchObject({ code: 'bad-input', field: 'payload.mux' });
    renameSync(wav, `${wav}.moved`);
    await expect(engine.call('export:start', { projectPath: p, outDir: path.join(root, 'out3') })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining(wav) });
  });
});
