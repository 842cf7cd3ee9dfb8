import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { useObservable } from '../../state/observable';
import { PlaybackBar } from './PlaybackBar';

/** The picture (the master clock of playback) with its playback bar. The playhead follows the element frame by frame. */
export function VideoViewer() {
  const e = useEditor();
  const url = useObservable(e.videoUrl);
  const { doc } = useEditorState();
  const ref = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    e.attachVideo(v);
    let raf = 0;
    const tick = () => {
      e.playhead.set(v.currentTime);
      if (!v.paused) raf = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      setPlaying(true);
      raf = requestAnimationFrame(tick);
    };
    const onPause = () => {
      setPlaying(false);
      cancelAnimationFrame(raf);
      e.playhead.set(v.currentTime);
    };
    const onSeeked = () => e.playhead.set(v.currentTime);
    const onError = () => e.toasts.error(new Error(v.error?.message || 'the video cannot be decoded here (a proxy may be needed)'), 'video');
    v.addEventListener('play', onPlay);
    v.addEventListener('pause', onPause);
    v.addEventListener('seeked', onSeeked);
    v.addEventListener('error', onError);
    return () => {
      cancelAnimationFrame(raf);
      v.removeEventListener('play', onPlay);
      v.removeEventListener('pause', onPause);
      v.removeEventListener('seeked', onSeeked);
      v.removeEventListener('error', onError);
    };
  }, [e]);
  return (
    <section className="viewer" data-testid="viewer">
      <div className="picture">
        <video ref={ref} data-testid="video" src={url ?? undefined} style={url ? undefined : { display: 'none' }} preload="auto" playsInline onClick={() => ref.current && (ref.current.paused ? ref.current.play() : ref.current.pause())} />
        {!url && (
          <div className="picture-empty">
            {doc.video ? 'loading the picture…' : e.client.transport === 'ipc'
              ? 'No video. File → New project from a video (Ctrl+N), or File → Open a project.'
              : 'No video. New (Ctrl+N) makes a project from a video, Open (Ctrl+O) opens one: "…" next to a path browses your files, or type the path.'}
          </div>
        )}
      </div>
      <PlaybackBar playing={playing} />
    </section>
  );
}
