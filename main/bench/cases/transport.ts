import { Engine } from '../../engine/host';
import { result, timeIt, type BenchCase } from '../harness';

/** Engine request overhead: a validated round trip vs a bare function call of the same work. */
export const transportCase: BenchCase = {
  name: 'engine-roundtrip',
  description: 'app:echo through Engine.handle (validation both ways) vs calling String.repeat directly',
  async run() {
    const engine = new Engine({ dataDir: '/tmp/a2s-bench' });
    const viaEngine = await timeIt(() => engine.handle('app:echo', { text: 'x', repeat: 10 }, { transport: 'in-process', clientId: 'bench' }), 300, 1000);
    const bare = await timeIt(() => 'x'.repeat(10), 300, 1000);
    return [result('engine-roundtrip', 's/request', viaEngine, { name: 'bare call', value: bare })];
  },
};
