import type { Span } from '../../../../main/contract/domains/project-doc';
import { MODE_LABELS } from '../../../../main/contract/condition-words';
import { generate, setMode } from '../../app/actions/generate';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { effectiveOnsets, resetOnsets } from '../../timeline/onsets';
import { deleteSpan, setSettings, setSpanMix } from '../../timeline/spans';
import { formatTimecode, type Fps } from '../../timeline/time';
import { ConditionSlot } from './ConditionSlot';
import { NumberField } from './NumberField';
import { GuideTrackMarkers } from './GuideTrackMarkers';
import { TakesList } from './TakesList';

const MODES = (['clean', 'joint', 'custom'] as const).map((m) => [m, MODE_LABELS[m]] as const);

/** Everything about one span: condition, onsets, generation settings, takes, mix. */
export function SpanInspector({ span, fps }: { span: Span; fps: Fps }) {
  const e = useEditor();
  const bundle = useObservable(e.bundle);
  const settings = (patch: Partial<Span['settings']>) => e.store.apply('generation settings', (d) => setSettings(d, span.id, patch));
  const mix = (patch: Partial<Pick<Span, 'gainDb' | 'fadeIn' | 'fadeOut'>>) => e.store.apply('span mix', (d) => setSpanMix(d, span.id, patch));
  const onsets = effectiveOnsets(span);
  const gen = () => generate(e, span.id).catch((err: unknown) => e.toasts.error(err, 'generate'));
  return (
    <div className="inspector-body" data-testid="span-inspector">
      <div className="insp-head">
        <span className="insp-title">Span</span>
        <span className="mono" data-testid="span-range">{formatTimecode(span.start, fps)} – {formatTimecode(span.end, fps)}</span>
        <span className="dim">{(span.end - span.start).toFixed(2)} s</span>
        <button className="lib-act" title="Delete span (Delete)" onClick={() => e.store.apply('delete span', (d) => deleteSpan(d, span.id))}>delete</button>
      </div>
      <div className="sub-title">Ambience mode</div>
      <div className="seg" data-testid="mode">
        {MODES.map(([m, label]) => (
          <button key={m} className={span.condition.mode === m ? 'on' : ''} data-testid={`mode-${m}`} onClick={() => void setMode(e, span.id, m)}>{label}</button>
        ))}
      </div>
      <div className="sub-title">Condition</div>
      <ConditionSlot span={span} />
      <div className="sub-title">
        Onsets
        {bundle?.timingHead ? (
          <>
            <span className="dim">{onsets.length} · {span.onsets ? 'edited' : 'predicted'}</span>
            {span.onsets && <button onClick={() => e.store.apply('reset onsets', (d) => resetOnsets(d, span.id))}>reset</button>}
          </>
        ) : (
          <span className="dim">this bundle has no timing head: generation follows the video alone</span>
        )}
      </div>
      {bundle?.timingHead && <GuideTrackMarkers span={span} />}
      <div className="sub-title">Generation</div>
      <div className="grid4">
        <NumberField label="takes" testId="takes-count" value={span.settings.takes} min={1} max={8} onCommit={(v) => settings({ takes: Math.round(v) })} />
        <NumberField label="seed" value={span.settings.seed} min={0} max={2 ** 31 - 1} onCommit={(v) => settings({ seed: Math.round(v) })} />
        <NumberField label="steps" testId="steps" value={span.settings.steps} min={1} max={200} onCommit={(v) => settings({ steps: Math.round(v) })} />
        <NumberField label="guidance" value={span.settings.guidance} min={0} max={20} step={0.5} onCommit={(v) => settings({ guidance: v })} />
      </div>
      <button className="accent wide" data-testid="generate" title="Generate (G)" onClick={gen}>{span.takes.length ? 'Regenerate' : 'Generate'} {span.settings.takes} take{span.settings.takes > 1 ? 's' : ''}</button>
      <div className="sub-title">Takes <span className="dim">{span.takes.length}</span></div>
      <TakesList span={span} />
      <div className="sub-title">Mix</div>
      <div className="grid4">
        <NumberField label="gain dB" value={span.gainDb} min={-60} max={12} step={0.5} onCommit={(v) => mix({ gainDb: v })} />
        <NumberField label="fade in" value={span.fadeIn} min={0} max={10} step={0.005} onCommit={(v) => mix({ fadeIn: v })} />
        <NumberField label="fade out" value={span.fadeOut} min={0} max={10} step={0.005} onCommit={(v) => mix({ fadeOut: v })} />
      </div>
    </div>
  );
}
