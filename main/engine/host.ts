import os from 'node:os';
import path from 'node:path';
import { channels, isChannelName, type ChannelName, type ResponseOf, type RequestOf } from '../contract';
import type { WireError } from '../contract/errors';
import { EngineError, toWireError } from './core/errors';
import { EventBus } from './core/events';
import { HandlerRegistry, type EngineServices, type RequestContext } from './core/registry';
import { parseOrThrow } from './core/validate';
import { registerAllHandlers } from './handlers';
import { APP_VERSION } from './version';
import { JobManager } from './jobs/jobs';

export type EngineResult = { ok: true; result: unknown } | { ok: false; error: WireError };

export interface EngineOptions {
  dataDir?: string;
}

export function defaultDataDir(): string {
  return process.env.A2S_DATA_DIR ?? path.join(os.homedir(), '.action2sound');
}

/**
 * The engine behind every transport: validates the payload against the contract, runs the domain handler,
 * validates what it returns, and turns every failure into a typed WireError. It never throws at its callers.
 */
export class Engine {
  readonly events = new EventBus();
  private readonly registry = new HandlerRegistry();
  readonly services: EngineServices;

  constructor(options: EngineOptions = {}) {
    this.services = { events: this.events, version: APP_VERSION, dataDir: options.dataDir ?? defaultDataDir(), jobs: new JobManager(this.events) };
    registerAllHandlers(this.registry, this.services);
  }

  async handle(channelName: string, payload: unknown, ctx: RequestContext): Promise<EngineResult> {
    try {
      if (!isChannelName(channelName)) {
        throw new EngineError('unknown-channel', `unknown channel "${channelName}"`, undefined, 'channel');
      }
      const def = channels[channelName];
      const request = parseOrThrow(def.request, payload);
      const handler = this.registry.get(channelName);
      if (!handler) throw new EngineError('unavailable', `no handler for ${channelName} in this build`);
      const result = await handler(request as never, ctx);
      return { ok: true, result: parseOrThrow(def.response, result, 'result') };
    } catch (err) {
      return { ok: false, error: toWireError(err) };
    }
  }

  /** Typed call for in-process users (CLI, tests). Throws EngineError on failure. */
  async call<C extends ChannelName>(name: C, payload: RequestOf<C>, ctx?: Partial<RequestContext>): Promise<ResponseOf<C>> {
    const res = await this.handle(name, payload, { transport: 'in-process', clientId: 'local', ...ctx });
    if (!res.ok) throw new EngineError(res.error.code, res.error.message, res.error.details, res.error.field);
    return res.result as ResponseOf<C>;
  }

  channelsHandled(): ChannelName[] {
    return this.registry.names();
  }
}
