import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connect } from './transport/connect';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

connect().then(
  (client) => {
    // Exposed for end-to-end tests and the devtools console; the UI itself uses the prop.
    (window as unknown as { __a2sClient: unknown }).__a2sClient = client;
    root.render(<App client={client} />);
  },
  (err: unknown) => root.render(<p className="fatal">Cannot reach the engine: {String(err)}</p>),
);
