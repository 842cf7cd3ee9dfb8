// Child process for the crash test: saves the project as fast as it can until it is killed (-9).
// Each save has a different size, so a torn write would show as invalid JSON or a wrong marker count.
import { loadProject, saveProject } from '../../main/engine/project';

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  const { doc } = await loadProject(dir);
  for (let i = 1; ; i++) {
    const n = 500 + ((i * 7919) % 3000);
    doc.markers = Array.from({ length: n }, (_, k) => ({ id: `m${k}`, time: k / 10, label: `save ${i} marker ${k}` }));
    doc.name = `save ${i} n ${n}`;
    await saveProject(dir, doc);
    process.stdout.write(`${i}\n`);
  }
}
void main();
