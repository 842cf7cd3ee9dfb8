import { readFileSync, renameSync } from 'node:fs';
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

  it('writes a .rpp that parses, with tracks, items (position/length/fades/volume/source) and markers', () => {
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
    const [original] = items(tracks[1]!);
    expect([src(original!).args[0], attr(src(original!), 'FILE')![0]]).toEqual(['VIDEO', fx.video]);

    const action = items(tracks[2]!);
    expect(action.map((i) => [num(i, 'POSITION'), num(i, 'LENGTH'), num(i, 'SOFFS')])).toEqual([[0.5, 0.5, 0], [1.2, 0.5, 0.1]]);
    const [take, click] = action as [RppNode, RppNode];
    expect(attr(src(take), 'FILE')![0]).toBe(path.join(fx.projectDir, 'renders', 'span1-take1.wav'));
    expect(num(take, 'VOLPAN')).toBeCloseTo(10 ** (-6 / 20), 6);
    expect([num(take, 'FADEIN', 0), num(take, 'FADEIN', 1), num(take, 'FADEOUT', 1)]).toEqual([0, 0.01, 0.02]);
    expect(attr(click, 'NAME')![0]).toBe('click "hit"'); // a quote in a name survives (REAPER's alternate quoting)
    expect(num(click, 'FADEOUT', 1)).toBe(0.1);

    // the 0.3 s bed looped over 1.5 s with 0.05 s crossfades: repeats every 0.25 s, overlapping by the crossfade
    expect(num(tracks[3]!, 'VOLPAN')).toBeCloseTo(10 ** (-2 / 20), 6);
    const bed = items(tracks[3]!);
    expect(bed.map((i) => num(i, 'POSITION'))).toEqual([0.1, 0.35, 0.6, 0.85, 1.1, 1.35]);
    expect(bed.map((i) => num(i, 'LENGTH'))).toEqual([0.3, 0.3, 0.3, 0.3, 0.3, 0.25]);
    expect(bed.map((i) => num(i, 'FADEIN', 1))).toEqual([0.2, 0.05, 0.05, 0.05, 0.05, 0.05]);
    expect(bed.map((i) => num(i, 'FADEOUT', 1))).toEqual([0.05, 0.05, 0.05, 0.05, 0.05, 0.25]);
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
    // Action: gap to 0.5 s, the take (0.5 s), gap to 1.2 s, the click from 0.1 s into its file
    expect(shape(tracks[2]!)).toEqual([['Gap.1', 0, 24000], ['Clip.2', 0, 24000], ['Gap.1', 0, 9600], ['Clip.2', 4800, 24000]]);
    const takeRef = (tracks[2]!.children![1]!.media_references as Record<string, { target_url: string }>).DEFAULT_MEDIA!;
    expect(takeRef.target_url).toBe(`file://${path.join(fx.projectDir, 'renders', 'span1-take1.wav')}`);
    // Ambience: the loop as repeats cut in the middle of each crossfade, joined by 1200-sample dissolves
    const amb = shape(tracks[3]!);
    expect(amb.filter((c) => c[0] === 'T')).toEqual(Array(5).fill(['T', 1200]));
    const clips = amb.filter((c) => c[0] === 'Clip.2');
    expect(clips.length).toBe(6);
    expect(clips[1]).toEqual(['Clip.2', 1200, 12000]);
    const end = amb.reduce((s, c) => s + (c[0] === 'T' ? 0 : (c[2] as number)), 0);
    expect(end).toBe(Math.round(1.6 * 48000)); // the bed ends where it ends in the mix
    const markers = stack.markers as Obj[];
    expect(markers.map((m) => [m.name, (m.marked_range as { start_time: { value: number } }).start_time.value])).toEqual([['door', 24000], ['step', 57600]]);
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
