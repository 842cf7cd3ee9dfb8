/** `export:*` channels and events. Owned by the export domain (see docs/ARCHITECTURE.md). */
export const exportChannels = {} as const;

export const exportEvents = {} as const;
