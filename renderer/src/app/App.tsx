import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../main/contract';
import type { A2sClient } from '../transport/types';

export function App({ client }: { client: A2sClient }) {
  const [info, setInfo] = useState<ResponseOf<'app:info'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.invoke('app:info', {}).then(setInfo, (e: unknown) => setError(String(e)));
  }, [client]);

  return (
    <div className="app" data-testid="app-shell">
      <header className="topbar">
        <span className="brand">Action2Sound Studio</span>
        <span className="status" data-testid="connection">
          {info ? `connected · ${info.transport} · v${info.version}` : error ? `error: ${error}` : 'connecting…'}
        </span>
      </header>
      <main className="workspace">
        <p className="placeholder">Open a video to start.</p>
      </main>
    </div>
  );
}
