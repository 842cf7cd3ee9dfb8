/**
 * Paths in a project document are absolute, or relative to the project folder (renders are stored relative so a
 * moved project keeps its takes). The renderer has no `path` module: these few string rules are all it needs.
 */
export function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

export function resolveMediaPath(p: string, projectPath: string | null): string {
  if (isAbsolute(p) || !projectPath) return p;
  const sep = projectPath.includes('\\') && !projectPath.includes('/') ? '\\' : '/';
  return `${projectPath.replace(/[\\/]+$/, '')}${sep}${p}`;
}

export function baseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).at(-1) ?? p;
}

/** `clip.wav` → `clip`. */
export function stem(p: string): string {
  return baseName(p).replace(/\.[^.]+$/, '');
}

/** Splits `/a/b/Name.a2s` into its folder and name, for `project:new` (save-as). */
export function splitProjectPath(p: string): { dir: string; name: string } {
  const clean = p.replace(/[\\/]+$/, '').replace(/[\\/]project\.json$/, '');
  const i = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  const dir = i > 0 ? clean.slice(0, i) : i === 0 ? '/' : '.';
  return { dir, name: clean.slice(i + 1).replace(/\.a2s$/, '') };
}
