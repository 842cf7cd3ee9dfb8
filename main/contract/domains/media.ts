/** `media:*` channels and events. Owned by the media domain (see docs/ARCHITECTURE.md). */
export const mediaChannels = {} as const;

export const mediaEvents = {} as const;
