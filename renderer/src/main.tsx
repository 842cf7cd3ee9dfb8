import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { renderVarispeedOffline, renderVoicesOffline } from './audio/offline';
import { connect } from './transport/connect';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

connect().then(
  (client) => {
    // Exposed for end-to-end tests and the devtools console; the UI itself uses the prop.
    Object.assign(window as unknown as Record<string, unknown>, { __a2sClient: client, __a2sAudio: { renderVoicesOffline, renderVarispeedOffline } });
    root.render(<App client={client} />);
  },
  (err: unknown) => root.render(<p className="fatal">Cannot reach the engine: {String(err)}</p>),
);
