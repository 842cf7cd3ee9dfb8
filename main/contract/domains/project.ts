/** `project:*` channels and events. Owned by the project domain (see docs/ARCHITECTURE.md). */
export const projectChannels = {} as const;

export const projectEvents = {} as const;
