import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchCases } from './cases';
import type { BenchResult } from './harness';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' } }, strict: true });
  const results: BenchResult[] = [];
  const errors: { case: string; error: string }[] = [];
  for (const c of benchCases) {
    if (values.only && !c.name.includes(values.only)) continue;
    console.log(`# ${c.name}: ${c.description}`);
    try {
      for (const r of await c.run()) {
        results.push(r);
        console.log(`  ${r.name}: ${r.value.toPrecision(4)} ${r.unit}  (baseline ${r.baseline.name}: ${r.baseline.value.toPrecision(4)}; ratio ${r.ratio.toFixed(3)})${r.notes ? '  ' + r.notes : ''}`);
      }
    } catch (err) {
      errors.push({ case: c.name, error: String(err) });
      console.log(`  FAILED: ${String(err)}`);
    }
  }
  const report = { date: new Date().toISOString(), node: process.versions.node, cpus: (await import('node:os')).cpus().length, results, errors };
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  process.exitCode = errors.length ? 1 : 0;
}

void main();
