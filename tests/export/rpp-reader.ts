/** A small REAPER .rpp reader for the tests: `<TAG args` opens a chunk, `>` closes it, other lines are attributes. */
export interface RppNode {
  tag: string;
  args: string[];
  attrs: { name: string; args: string[] }[];
  children: RppNode[];
}

/** Split a line into tokens; REAPER quotes with "…", '…' or `…`. */
export function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|`([^`]*)`|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  return out;
}

export function parseRpp(text: string): RppNode {
  const stack: RppNode[] = [];
  let root: RppNode | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('<')) {
      const [tag, ...args] = tokens(line.slice(1));
      const node: RppNode = { tag: tag!, args, attrs: [], children: [] };
      if (stack.length) stack[stack.length - 1]!.children.push(node);
      else if (root) throw new Error('two roots');
      else root = node;
      stack.push(node);
    } else if (line === '>') {
      if (!stack.pop()) throw new Error('unbalanced >');
    } else {
      const top = stack[stack.length - 1];
      if (!top) throw new Error(`attribute outside a chunk: ${line}`);
      if (line.startsWith('|')) continue; // notes text
      const [name, ...args] = tokens(line);
      top.attrs.push({ name: name!, args });
    }
  }
  if (stack.length || !root) throw new Error('unterminated chunk');
  return root;
}

export const attr = (n: RppNode, name: string): string[] | undefined => n.attrs.find((a) => a.name === name)?.args;
