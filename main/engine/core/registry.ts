import type { ChannelName, ParsedRequestOf, ResponseOf } from '../../contract';
import type { EventBus } from './events';
import type { JobManager } from '../jobs/jobs';

export type Transport = 'ipc' | 'websocket' | 'in-process';

/** Who asked: handlers use it for per-client state (e.g. which files this window may stream). */
export interface RequestContext {
  readonly transport: Transport;
  readonly clientId: string;
  readonly signal?: AbortSignal;
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  ctx: RequestContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** Handlers by channel; each domain registers its own (`handlers/<domain>.ts`), none sees another's. */
export class HandlerRegistry {
  private readonly handlers = new Map<ChannelName, Handler<ChannelName>>();

  register<C extends ChannelName>(name: C, handler: Handler<C>): void {
    if (this.handlers.has(name)) throw new Error(`handler for ${name} registered twice`);
    this.handlers.set(name, handler as unknown as Handler<ChannelName>);
  }

  get(name: ChannelName): Handler<ChannelName> | undefined {
    return this.handlers.get(name);
  }

  names(): ChannelName[] {
    return [...this.handlers.keys()];
  }
}

/** Services shared by the domain handlers; domains add fields as they land. */
export interface EngineServices {
  readonly events: EventBus;
  readonly version: string;
  /** Folder for the engine's own files (library database, caches). */
  readonly dataDir: string;
  readonly jobs: JobManager;
}
