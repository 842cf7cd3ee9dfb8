import { useEffect, useState } from 'react';

/** A compact labelled number input that commits on blur/Enter (one undo step per change, not per keystroke). */
export function NumberField({ label, value, min, max, step = 1, onCommit, testId }: { label: string; value: number; min: number; max: number; step?: number; onCommit(v: number): void; testId?: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const v = Number(text);
    if (Number.isFinite(v)) onCommit(Math.min(max, Math.max(min, v)));
    else setText(String(value));
  };
  return (
    <label className="num">
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        value={text}
        min={min}
        max={max}
        step={step}
        onChange={(ev) => setText(ev.target.value)}
        onBlur={commit}
        onKeyDown={(ev) => {
          ev.stopPropagation();
          if (ev.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
