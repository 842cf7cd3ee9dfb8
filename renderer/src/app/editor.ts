import { createContext, useContext } from 'react';
import { EngineApi, type BundleInfo } from '../api/engine';
import { resolveMediaPath } from '../api/paths';
import type { MissingMedia, RecentProject } from '../../../main/contract/domains/project';
import { Mixer } from '../audio/mixer';
import { VideoSync } from '../audio/sync';
import { audible } from '../audio/voices';
import { DisposalScope } from '../audio/scope';
import { JobsModel } from '../state/jobs';
import { Observable } from '../state/observable';
import { Toasts } from '../state/toasts';
import { EditorStore } from '../timeline/store';
import type { A2sClient } from '../transport/types';

export interface ProjectState {
  /** The NAME.a2s folder, or null before the first save. */
  path: string | null;
  missing: MissingMedia[];
  recent: RecentProject[];
  lastSaved: string | null;
}

export interface ViewState {
  /** Timeline zoom in pixels per second, and the time at the left edge of the lanes. */
  pxPerSec: number;
  scrollTime: number;
  dialog: null | 'new' | 'open' | 'saveAs' | 'relink' | 'help' | 'export' | 'adapt';
  libraryQuery: string;
}

/**
 * The editor's controller: the document store, UI observables, the engine API and the audio graph, with the actions
 * that combine them living in `actions/`. Components get it from context and stay thin.
 */
export class Editor {
  readonly api: EngineApi;
  readonly store = new EditorStore();
  readonly toasts = new Toasts();
  readonly jobs: JobsModel;
  readonly project = new Observable<ProjectState>({ path: null, missing: [], recent: [], lastSaved: null });
  readonly view = new Observable<ViewState>({ pxPerSec: 60, scrollTime: 0, dialog: null, libraryQuery: '' });
  readonly playhead = new Observable<number>(0);
  readonly bundle = new Observable<BundleInfo | null>(null);
  readonly librarySize = new Observable<number | null>(null);
  readonly videoUrl = new Observable<string | null>(null);
  private readonly scope = new DisposalScope();
  private bundleFetch: Promise<BundleInfo | null> | null = null;
  private mixerInstance: Mixer | null = null;
  private sync: VideoSync | null = null;
  video: HTMLVideoElement | null = null;

  constructor(readonly client: A2sClient) {
    this.api = new EngineApi(client);
    this.jobs = new JobsModel(client);
    // The audio graph follows the document: every edit (and undo) is heard at once.
    const unsub = this.store.subscribe(() => {
      this.mixerInstance?.update(this.store.getState().doc);
      this.applyOriginal();
    });
    this.scope.defer(unsub);
  }

  /**
   * Asks the engine for the active bundle (at start and after a choice) and keeps the answer in `bundle`. Loading a
   * bundle can take a while on a busy machine; `bundleReady` lets an action wait for it instead of reading null.
   */
  fetchBundle(): Promise<BundleInfo | null> {
    const f: Promise<BundleInfo | null> = this.api.bundle().then((b) => {
      if (this.bundleFetch === f) this.bundle.set(b);
      return b;
    });
    this.bundleFetch = f;
    return f;
  }

  /** The active bundle once its fetch in flight has answered; null when there is none or the fetch failed. */
  bundleReady(): Promise<BundleInfo | null> {
    return this.bundleFetch ? this.bundleFetch.catch(() => null) : Promise.resolve(this.bundle.get());
  }

  /** Resolves a document path (maybe relative to the project folder) to a URL the page may load. */
  urlOf = (path: string): Promise<string> => this.api.mediaUrl(resolveMediaPath(path, this.project.get().path));

  /** The mixer is created lazily: an AudioContext before a user gesture would start suspended anyway. */
  get mixer(): Mixer {
    if (!this.mixerInstance) {
      this.mixerInstance = new Mixer(this.urlOf, (err, what) => this.toasts.error(err, what));
      this.scope.defer(() => this.mixerInstance?.dispose());
      this.mixerInstance.update(this.store.getState().doc);
    }
    return this.mixerInstance;
  }

  /** Called once by the video viewer with its element: the mix follows this clock from now on. */
  attachVideo(el: HTMLVideoElement): void {
    if (this.video === el) return;
    this.video = el;
    this.sync?.dispose();
    this.sync = new VideoSync(el, this.mixer, this.client.transport === 'websocket');
    this.scope.defer(() => this.sync?.dispose());
    this.applyOriginal();
  }

  private applyOriginal(): void {
    const doc = this.store.getState().doc;
    const t = doc.tracks.find((x) => x.kind === 'original');
    this.sync?.applyOriginal(t?.gainDb ?? 0, t ? audible(doc).has(t.id) : false);
  }

  /** A scope for something transient (the reverse shuttle's stepping): dispose it when done; released with the editor. */
  own(): DisposalScope {
    return this.scope.child();
  }

  get driftMs(): number {
    return this.sync?.lastDriftMs ?? 0;
  }

  dispose(): void {
    this.scope.dispose();
  }
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const e = useContext(EditorContext);
  if (!e) throw new Error('useEditor outside EditorContext');
  return e;
}
