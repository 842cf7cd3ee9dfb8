import { describe, expect, it } from 'vitest';
import { choosable, pickedPath, shown, startFolder } from './pick';

const video = { name: 'shot.mp4', kind: 'video', size: 10 } as const;
const wav = { name: 'rain.wav', kind: 'audio', size: 10 } as const;
const txt = { name: 'notes.txt', kind: 'file', size: 1 } as const;
const folder = { name: 'sounds', kind: 'folder', size: null } as const;
const project = { name: 'kitchen.a2s', kind: 'project', size: null } as const;

/** Issue 18 defect 4: what the browser-mode picker shows and answers for each kind of path field. */
describe('picker modes', () => {
  it('shows folders everywhere and only the files a field can take', () => {
    expect([video, wav, txt, folder, project].filter((e) => shown('video', e)).map((e) => e.name)).toEqual(['shot.mp4', 'sounds', 'kitchen.a2s']);
    expect([video, wav, txt].filter((e) => shown('audio-or-folder', e)).map((e) => e.name)).toEqual(['shot.mp4', 'rain.wav']);
    expect(choosable('project', project)).toBe(true);
    expect(choosable('project', folder)).toBe(false);
  });

  it('answers the selected entry, the current folder for folder fields, and folder + NAME.a2s for save', () => {
    expect(pickedPath('video', '/home/me', video)).toBe('/home/me/shot.mp4');
    expect(pickedPath('video', '/home/me', null)).toBeNull();
    expect(pickedPath('folder', '/home/me', null)).toBe('/home/me');
    expect(pickedPath('folder', '/home/me', folder)).toBe('/home/me/sounds');
    expect(pickedPath('project', '/home/me/', project)).toBe('/home/me/kitchen.a2s');
    expect(pickedPath('save-project', '/home/me', null, 'take two')).toBe('/home/me/take two.a2s');
    expect(pickedPath('save-project', '/home/me', folder, 'x.a2s')).toBe('/home/me/sounds/x.a2s');
    expect(pickedPath('save-project', '/home/me', null, '  ')).toBeNull();
  });

  it('opens where the field points', () => {
    expect(startFolder('video', '/home/me/shots/a.mp4')).toBe('/home/me/shots');
    expect(startFolder('folder', '/home/me/projects')).toBe('/home/me/projects');
    expect(startFolder('save-project', '/home/me/projects/k.a2s')).toBe('/home/me/projects');
    expect(startFolder('video', 'relative.mp4')).toBeNull();
  });
});
