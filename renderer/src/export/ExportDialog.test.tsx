import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { A2sClient } from '../transport/types';
import { ExportDialog } from './ExportDialog';

// Markup only: nothing is invoked while rendering (the controller just subscribes), so an inert client suffices.
// The dialog's behaviour against the real engine is tested in tests/export/dialog.test.ts.
const inert: A2sClient = {
  transport: 'websocket',
  invoke: () => Promise.reject(new Error('not used while rendering')),
  on: () => () => undefined,
};

describe('ExportDialog', () => {
  it('renders the options with the default folder next to the project', () => {
    const html = renderToStaticMarkup(<ExportDialog client={inert} projectPath="/work/shots/Kitchen.a2s" onClose={() => undefined} />);
    expect(html).toContain('data-testid="export-dialog"');
    expect(html).toContain('value="/work/shots/Kitchen-export"');
    expect(html).toContain('REAPER project (.rpp)');
    expect(html).toContain('24-bit PCM');
    expect(html).not.toContain('export-danger'); // the defaults are valid
  });
});
