/** `library:*` channels and events. Owned by the library domain (see docs/ARCHITECTURE.md). */
export const libraryChannels = {} as const;

export const libraryEvents = {} as const;
