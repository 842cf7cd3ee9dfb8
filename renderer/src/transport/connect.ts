import { ipcClient } from './ipc';
import type { A2sClient, PreloadBridge } from './types';
import { connectWebSocket } from './ws';

declare global {
  interface Window {
    a2s?: PreloadBridge;
  }
}

/** Picks the transport at startup: the preload bridge inside Electron, else the loopback WebSocket. */
export async function connect(): Promise<A2sClient> {
  if (window.a2s) return ipcClient(window.a2s);
  const token = new URLSearchParams(window.location.search).get('token');
  const wsUrl = `ws://${window.location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  return connectWebSocket(wsUrl);
}
