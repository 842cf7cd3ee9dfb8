import { z } from 'zod';

/** A request/response pair named `domain:verb`; both sides are validated against these schemas. */
export interface ChannelDef<Req extends z.ZodType, Res extends z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelDef<Req, Res> {
  return { request, response };
}

/** An event pushed from the engine to every connected window (progress, library changes...). */
export interface EventDef<P extends z.ZodType> {
  readonly payload: P;
}

export function event<P extends z.ZodType>(payload: P): EventDef<P> {
  return { payload };
}
