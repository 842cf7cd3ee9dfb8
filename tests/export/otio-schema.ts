/**
 * Structural validation against the OpenTimelineIO JSON schema (the serialised form of OTIO 0.15+): every object
 * names its OTIO_SCHEMA, carries that schema's required keys with the right kinds, and sits where OTIO allows it.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const REQUIRED: Record<string, Record<string, 'string' | 'number' | 'boolean' | 'object' | 'array' | 'time' | 'range' | 'range?' | 'time?'>> = {
  'Timeline.1': { name: 'string', metadata: 'object', global_start_time: 'time?', tracks: 'object' },
  'Stack.1': { name: 'string', metadata: 'object', source_range: 'range?', effects: 'array', markers: 'array', children: 'array' },
  'Track.1': { name: 'string', metadata: 'object', source_range: 'range?', effects: 'array', markers: 'array', children: 'array', kind: 'string' },
  'Clip.2': { name: 'string', metadata: 'object', source_range: 'range', effects: 'array', markers: 'array', media_references: 'object', active_media_reference_key: 'string' },
  'Gap.1': { name: 'string', metadata: 'object', source_range: 'range', effects: 'array', markers: 'array' },
  'Transition.1': { name: 'string', metadata: 'object', transition_type: 'string', in_offset: 'time', out_offset: 'time' },
  'ExternalReference.1': { name: 'string', metadata: 'object', target_url: 'string', available_range: 'range?' },
  'Marker.2': { name: 'string', metadata: 'object', marked_range: 'range', color: 'string' },
  'RationalTime.1': { rate: 'number', value: 'number' },
  'TimeRange.1': { start_time: 'time', duration: 'time' },
};

export function validateOtio(root: unknown): string[] {
  const errors: string[] = [];
  const check = (v: unknown, where: string, allowed?: string[]): void => {
    if (!isObj(v)) return void errors.push(`${where}: not an object`);
    const schema = v.OTIO_SCHEMA;
    if (typeof schema !== 'string' || !REQUIRED[schema]) return void errors.push(`${where}: unknown OTIO_SCHEMA ${String(schema)}`);
    if (allowed && !allowed.includes(schema)) errors.push(`${where}: ${schema} not allowed here (${allowed.join('|')})`);
    for (const [key, kind] of Object.entries(REQUIRED[schema]!)) {
      const val = v[key];
      const at = `${where}.${key}`;
      if (kind.endsWith('?') && val === null) continue;
      if (!(key in v)) {
        errors.push(`${at}: missing`);
        continue;
      }
      const base = kind.replace('?', '');
      if (base === 'time') check(val, at, ['RationalTime.1']);
      else if (base === 'range') check(val, at, ['TimeRange.1']);
      else if (base === 'array' ? !Array.isArray(val) : base === 'object' ? !isObj(val) : typeof val !== base) errors.push(`${at}: not ${base}`);
    }
    if (schema === 'RationalTime.1' && !((v.rate as number) > 0)) errors.push(`${where}: rate must be > 0`);
    if (schema === 'Timeline.1') check(v.tracks, `${where}.tracks`, ['Stack.1']);
    const kids = v.children;
    if (Array.isArray(kids)) {
      const allowedKids = schema === 'Stack.1' ? ['Track.1', 'Stack.1', 'Clip.2', 'Gap.1'] : ['Clip.2', 'Gap.1', 'Transition.1', 'Stack.1'];
      kids.forEach((k, i) => check(k, `${where}.children[${i}]`, allowedKids));
    }
    if (Array.isArray(v.markers)) v.markers.forEach((m, i) => check(m, `${where}.markers[${i}]`, ['Marker.2']));
    if (schema === 'Clip.2' && isObj(v.media_references)) {
      for (const [k, ref] of Object.entries(v.media_references)) check(ref, `${where}.media_references.${k}`, ['ExternalReference.1', 'MissingReference.1']);
      if (!(String(v.active_media_reference_key) in v.media_references)) errors.push(`${where}: active_media_reference_key not in media_references`);
    }
  };
  check(root, 'root', ['Timeline.1']);
  return errors;
}
